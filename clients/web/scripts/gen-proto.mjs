// Generates TypeScript messages and service descriptors from ../../proto with Debian's protoc and
// the pinned @bufbuild/protoc-gen-es into src/gen/ (never edited, never committed: every build
// makes it anew, so it always matches the .proto files).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const protoRoot = join(web, "../../proto");
const out = join(web, "src/gen");
const files = [
  ...readdirSync(join(protoRoot, "huikuan/v1")).map((f) => `huikuan/v1/${f}`),
  ...readdirSync(join(protoRoot, "google/rpc")).map((f) => `google/rpc/${f}`),
].filter((f) => f.endsWith(".proto"));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(
  "protoc",
  [
    `--plugin=protoc-gen-es=${join(web, "node_modules/.bin/protoc-gen-es")}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=none",
    `-I${protoRoot}`,
    ...files,
  ],
  { stdio: "inherit" },
);
console.log(`generated ${files.length} proto files into src/gen/`);
