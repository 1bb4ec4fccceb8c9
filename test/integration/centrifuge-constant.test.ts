import { describe, expect, it } from "vitest";
import { G_CONSTANT_KEY } from "../../src/data/centrifuge";
import { writeSettings } from "../../src/data/settings";
import { DEFAULT_G_CONSTANT } from "../../src/domain/centrifuge";
import { call, createApiKey, db, json } from "../helpers/http";

/**
 * The fitted g-force constant is a setting (gaps G-CEN-1). The calculators keep it for 30 s per
 * isolate, so this file stores it before its first centrifuge request.
 */
describe("the g-force constant setting", () => {
  it("is used by the calculators", async () => {
    await writeSettings(db(), { [G_CONSTANT_KEY]: 2 * DEFAULT_G_CONSTANT }, new Date());
    const key = await createApiKey();
    const res = await call("POST", "/api/centrifuge/calculate", { rpm: 2200 }, { key });
    expect(await json(res)).toMatchObject({ g_force: 457 });
    const impulse = await call("POST", "/api/centrifuge/impulse-calculate", { rpm: 2200 }, { key });
    expect(await json(impulse)).toMatchObject({ data: { g_force: 457, impulse_newton_seconds: 67.2 } });
  });
});
