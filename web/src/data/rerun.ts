/**
 * Wraps a fetch so that asking while one is on the wire gets exactly one more after it (that one
 * may have been answered before the change that asked), however many ask meanwhile.
 */
export function rerunning(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let followUp: Promise<void> | null = null;
  const run = (): Promise<void> => {
    if (!running) {
      running = task().finally(() => {
        running = null;
      });
      return running;
    }
    followUp ??= running
      .catch(() => undefined)
      .then(() => {
        followUp = null;
        return run();
      });
    return followUp;
  };
  return run;
}
