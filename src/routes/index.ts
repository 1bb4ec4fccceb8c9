import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { access } from "./access";
import { admin } from "./admin";
import { apex } from "./apex";
import { authPages } from "./auth-pages";
import { backups } from "./backups";
import { batchCountDeltas } from "./batch-count-deltas";
import { batches } from "./batches";
import { batchesCrud } from "./batches-crud";
import { batchesProduction } from "./batches-production";
import { centrifuge } from "./centrifuge";
import { finishedGoods } from "./finished-goods";
import { finishedGoodsApex } from "./finished-goods-apex";
import { finishedGoodsGrams } from "./finished-goods-grams";
import { finishedGoodsPackage } from "./finished-goods-package";
import { finishedGoodsSkus } from "./finished-goods-skus";
import { inventory } from "./inventory";
import { live } from "./live";
import { packing } from "./packing";
import { packingHistory } from "./packing-history";
import { packingVerify } from "./packing-verify";
import { pages } from "./pages";
import { people } from "./people";
import { pin } from "./pin";
import { pushover } from "./pushover";
import { reports } from "./reports";
import { snapshots } from "./snapshots";
import { system } from "./system";
import { weightChecks } from "./weight-checks";
import { wholesale } from "./wholesale";

/** Every router, in mounting order. An area with several routers lists each one. */
export const routers: Hono<AppEnv>[] = [
  system,
  authPages,
  admin,
  batches,
  batchesProduction,
  batchCountDeltas,
  batchesCrud,
  finishedGoods,
  finishedGoodsGrams,
  finishedGoodsApex,
  finishedGoodsSkus,
  finishedGoodsPackage,
  inventory,
  wholesale,
  pushover,
  centrifuge,
  weightChecks,
  snapshots,
  reports,
  live,
  packing,
  packingHistory,
  packingVerify,
  apex,
  backups,
  people,
  access,
  pin,
  pages,
];
