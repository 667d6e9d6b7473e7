import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { sharedSynth } from "./shared-synth";

// The ready pipelines of examples/ci: GitHub Actions checked by GitHub's own
// workflow parser, GitLab CI and Jenkins parsed and checked for what a Vigil
// pipeline must do (review on a change, staging before prod on merge).
const CI = join(__dirname, "../examples/ci");
const read = (file: string) => readFileSync(join(CI, file), "utf8");

/** The order in which `commands` first appear in `text` (-1 when missing). */
const positions = (text: string, commands: readonly string[]) => commands.map((c) => text.indexOf(c));

const REVIEW = ["npm test", "cdktf synth", "vigil report", "vigil diff"];

describe("GitHub Actions pipeline", () => {
  const file = join(CI, "github-actions.yml");
  const lint = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", join(__dirname, "../scripts/lint-github-workflow.mjs"), file], { encoding: "utf8" })) as {
    errors: string[];
    jobs: { id: string; needs: string[] }[];
  };
  const workflow = parse(read("github-actions.yml")) as { on: Record<string, unknown>; jobs: Record<string, { if?: string; needs?: string; environment?: string; steps: { run?: string }[]; permissions?: Record<string, string> }> };
  const runs = (job: string) => workflow.jobs[job].steps.map((s) => s.run ?? "").join("\n");

  test("passes GitHub's workflow parser (@actions/workflow-parser)", () => {
    expect(lint.errors).toEqual([]);
    expect(lint.jobs.map((j) => j.id)).toEqual(["review", "deploy-staging", "deploy-prod"]);
  });

  test("a pull request runs the tests, synthesizes, reports, and fails on a vigil diff flag", () => {
    expect(workflow.jobs.review.if).toContain("pull_request");
    const p = positions(runs("review"), REVIEW);
    expect(p.every((x) => x >= 0)).toBe(true);
    expect([...p].sort((a, b) => a - b)).toEqual(p);
    expect(runs("review")).toMatch(/gh pr comment/);
    expect(runs("review")).toMatch(/steps\.diff\.outputs\.status|exit 1/);
    expect(workflow.jobs.review.permissions).toMatchObject({ "pull-requests": "write" });
  });

  test("a merge plans each stack of staging, then deploys staging, then prod after staging, each in its environment with OIDC", () => {
    expect(lint.jobs.find((j) => j.id === "deploy-prod")!.needs).toEqual(["deploy-staging"]);
    for (const env of ["staging", "prod"]) {
      const job = workflow.jobs[`deploy-${env}`];
      expect(job.environment).toBe(env);
      expect(job.permissions).toMatchObject({ "id-token": "write" });
      // cdktf plan takes one stack name (no pattern): a loop over the environment's stacks, then one deploy.
      const script = runs(`deploy-${env}`);
      expect(script).toMatch(new RegExp(`for stack in \\$\\(node -e '.*' ${env}\\); do\\s+npx cdktf plan "\\$stack" --skip-synth`));
      expect(script.indexOf(`npx cdktf deploy '${env}-*' --auto-approve`)).toBeGreaterThan(script.indexOf("cdktf plan"));
    }
    expect(workflow.jobs["deploy-staging"].if).toContain("push");
  });

  test("the stack-listing one-liner of the plan step lists exactly the environment's stacks of a real synth", () => {
    const script = runs("deploy-staging");
    const oneLiner = /node -e '(.*?)' staging\)/.exec(script)![1];
    const outdir = sharedSynth("reference");
    // The step runs in the project folder, after `cdktf synth` wrote cdktf.out/.
    const project = mkdtempSync(join(tmpdir(), "vigil-ci-project-"));
    symlinkSync(outdir, join(project, "cdktf.out"));
    const listed = execFileSync(process.execPath, ["-e", oneLiner, "staging"], { cwd: project, encoding: "utf8" }).trim().split("\n");
    rmSync(project, { recursive: true, force: true });
    const all = Object.keys((JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> }).stacks);
    expect(listed.sort()).toEqual(all.filter((s) => s.startsWith("staging-")).sort());
    expect(listed.length).toBeGreaterThan(2);
  });

  test("the comment is cut to fit GitHub's limit, flags first, and the artifact is kept whatever happens", () => {
    const script = runs("review");
    expect(script).toMatch(/cat vigil-report\/diff\.md vigil-report\/report\.md/);
    expect(script).toMatch(/head -c 64000/);
    const upload = workflow.jobs.review.steps.find((s) => (s as { uses?: string }).uses?.startsWith("actions/upload-artifact")) as { if?: string };
    expect(upload.if).toBe("always()");
  });
});

describe("GitLab CI pipeline", () => {
  interface GitLabJob {
    stage?: string;
    script?: string[];
    needs?: string[];
    extends?: string;
    rules?: { if: string; when?: string }[];
    variables?: Record<string, string>;
  }
  const document = parse(read("gitlab-ci.yml"), { merge: true }) as Record<string, unknown> & { stages: string[] };
  const pipeline = document as unknown as Record<string, GitLabJob>;
  // A job has a script, its own or its template's; a hidden key (".deploy") is a template.
  const jobs = Object.entries(pipeline).filter(([name, j]) => !name.startsWith(".") && typeof j === "object" && !Array.isArray(j) && (j.script || j.extends));
  const script = (name: string) => (pipeline[name].script ?? []).join("\n");

  test("parses, and every job names a declared stage, known templates and known needs", () => {
    expect(document.stages).toEqual(["review", "staging", "prod"]);
    expect(jobs.map(([name]) => name)).toEqual(["review", "deploy-staging", "deploy-prod"]);
    for (const [name, job] of jobs) {
      const stage = job.stage ?? (job.extends ? pipeline[job.extends].stage : undefined);
      expect([name, document.stages.includes(stage!)]).toEqual([name, true]);
      expect({ name, extends: job.extends, known: job.extends === undefined || pipeline[job.extends] !== undefined }).toEqual({ name, extends: job.extends, known: true });
      for (const need of job.needs ?? []) expect(pipeline[need]).toBeDefined();
    }
  });

  test("a merge request reviews; the default branch deploys staging, then prod by hand", () => {
    expect(pipeline.review.rules![0].if).toContain("merge_request_event");
    const p = positions(script("review"), REVIEW);
    expect(p.every((x) => x >= 0)).toBe(true);
    expect([...p].sort((a, b) => a - b)).toEqual(p);
    expect(script("review")).toMatch(/exit 1/);
    expect(pipeline["deploy-prod"].needs).toEqual(["deploy-staging"]);
    expect(pipeline["deploy-prod"].rules![0].when).toBe("manual");
    // The deploy jobs share the template's script: plan each stack of $ENVIRONMENT, then deploy them.
    expect(pipeline["deploy-staging"].variables).toEqual({ ENVIRONMENT: "staging" });
    expect(pipeline["deploy-prod"].variables).toEqual({ ENVIRONMENT: "prod" });
    const deploy = (pipeline[".deploy"].script ?? []).join("\n");
    expect(deploy).toMatch(/for stack in \$\(node -e '.*' "\$ENVIRONMENT"\);\s+do npx cdktf plan "\$stack" --skip-synth \|\| exit 1; done[\s\S]*npx cdktf deploy "\$ENVIRONMENT-\*" --auto-approve/);
  });
});

describe("Jenkins pipeline", () => {
  const text = read("Jenkinsfile");
  const code = text.replace(/'''[\s\S]*?'''/g, "''").replace(/'[^'\n]*'/g, "''").replace(/"[^"\n]*"/g, '""').replace(/\/\/.*$/gm, "");

  test("is a declarative pipeline with balanced blocks", () => {
    let depth = 0;
    for (const ch of code) {
      depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect(code.trim()).toMatch(/^pipeline \{[\s\S]*\bagent\b[\s\S]*\bstages \{[\s\S]*\}$/);
  });

  test("reviews change requests and deploys staging, an approval, then prod", () => {
    const stages = [...text.matchAll(/stage\('([^']+)'\)/g)].map((m) => m[1]);
    expect(stages).toEqual(["Install", "Test", "Review", "Deploy staging", "Approve prod", "Deploy prod"]);
    const review = text.slice(text.indexOf("stage('Review')"), text.indexOf("stage('Deploy staging')"));
    expect(review).toContain("changeRequest()");
    expect(positions(review, ["cdktf synth", "vigil report", "vigil diff", "error("]).every((x, i, a) => x >= 0 && (i === 0 || x > a[i - 1]))).toBe(true);
    expect(text.slice(text.indexOf("stage('Approve prod')"))).toMatch(/input message[\s\S]*withAWS\(role: env\.DEPLOY_ROLE_ARN[\s\S]*deployEnvironment\('prod'\)/);
    expect(text.slice(text.indexOf("stage('Deploy staging')"), text.indexOf("stage('Approve prod')"))).toMatch(/withAWS\(role: env\.DEPLOY_ROLE_ARN[\s\S]*deployEnvironment\('staging'\)/);
    const fn = text.slice(text.indexOf("def deployEnvironment("));
    expect(fn).toMatch(/for \(stack in stacks\) \{\s+sh "npx cdktf plan '\$\{stack\}' --skip-synth"\s+\}\s+sh "npx cdktf deploy '\$\{environment\}-\*' --auto-approve --skip-synth"/);
  });
});
