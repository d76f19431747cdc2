// Regenerates docs/samples/ from the demo data: `npx tsx app/demo/write-samples.ts`.
// Node has no GB18030 encoder, so the legacy-encoding copy is made by python3.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { demoCsv } from "./csv";

const dir = path.resolve("docs/samples");
const { org, staff } = demoCsv();
writeFileSync(path.join(dir, "demo-org.csv"), org);
writeFileSync(path.join(dir, "demo-staff.csv"), staff);
execFileSync("python3", [
  "-c",
  "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], encoding='utf-8-sig', newline='').read().encode('gb18030'))",
  path.join(dir, "demo-staff.csv"),
  path.join(dir, "demo-staff-gbk.csv"),
]);
process.stdout.write(`Wrote demo-org.csv, demo-staff.csv and demo-staff-gbk.csv (GB18030) in ${dir}\n`);
