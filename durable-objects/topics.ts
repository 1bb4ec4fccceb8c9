/** The areas whose changes the batch hub clocks and broadcasts (the contract lives with the other contracts). */
export { isTopic, TOPICS, type Topic } from "../src/contracts/live";
