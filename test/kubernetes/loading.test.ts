import { execFileSync } from "child_process";
import { join } from "path";

test("the kubernetes entry point loads only Kubernetes and Helm provider modules, never a barrel", () => {
  const script = `
    require("tsx/cjs");
    require("./lib/kubernetes/index.ts");
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("@cdktf/provider-"))));`;
  const loaded = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: join(__dirname, "../.."), encoding: "utf8" })) as string[];
  expect(loaded.length).toBeGreaterThan(5);
  expect(loaded.every((k) => /@cdktf\/provider-(kubernetes|helm)\/lib\/[a-z0-9-]+\//.test(k))).toBe(true);
});
