import { createHash } from "node:crypto";
import { base58, unifiedId } from "../packages/core/src/ids.js";
const d = Array.from({length:1000},(_, i)=>createHash("sha256").update(String(i)).digest());
const time = (name: string, f: () => void) => { for (let w = 0; w < 5; w++) f(); const t = performance.now(); for (let r = 0; r < 50; r++) f(); console.log(name, ((performance.now() - t) / 50).toFixed(2), "ms/1000"); };
time("base58", () => { for (const x of d) base58(x); });
time("unifiedId", () => { for (let i=0;i<1000;i++) unifiedId("int_bench123","applications",String(1000000+i)); });
