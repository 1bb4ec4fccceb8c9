// Foundation scenarios. Targets are ratios to the floor that bounds each scenario.
export default [
  { name: "GET /api/version", method: "GET", path: "/api/version", auth: "none", floor: "hello", target: 0.8 },
  {
    name: "GET /api/settings (API key)",
    method: "GET",
    path: "/api/settings",
    auth: "key",
    floor: "read",
    floorSql: "SELECT key, value FROM settings WHERE key IN ('allocation','tare_weights','test_alert_hours','work_schedule')",
    target: 0.4,
  },
];
