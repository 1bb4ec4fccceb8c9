// The centrifuge calculator: pure arithmetic behind the API key check, so it is measured
// against hello-world. GET /api/centrifuge/impulse-zones (constants only, same key check) shows
// what the key check alone costs.
export default [
  {
    name: "POST /api/centrifuge/calculate (API key)",
    method: "POST",
    path: "/api/centrifuge/calculate",
    body: { rpm: 2200 },
    auth: "key",
    concurrency: [10],
    floor: "hello",
    target: 0.7,
  },
  {
    name: "GET /api/centrifuge/impulse-zones (API key)",
    method: "GET",
    path: "/api/centrifuge/impulse-zones",
    auth: "key",
    concurrency: [10],
    floor: "hello",
  },
];
