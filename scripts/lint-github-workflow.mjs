// Validates GitHub Actions workflow files with GitHub's own parser
// (@actions/workflow-parser: the schema GitHub and its VS Code extension use).
// Prints one JSON line per file: { file, errors: [message...], jobs: [{ id, needs, steps }] }.
// An ES module run as a child process, because the parser ships only as ESM.
import { readFileSync } from "node:fs";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";

for (const file of process.argv.slice(2)) {
  const result = parseWorkflow({ name: file, content: readFileSync(file, "utf8") }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  let jobs = [];
  if (errors.length === 0 && result.value) {
    const template = await convertWorkflowTemplate(result.context, result.value);
    errors.push(...template.errors?.map((e) => e.Message ?? String(e)) ?? []);
    jobs = template.jobs.map((j) => ({ id: j.id.value, needs: (j.needs ?? []).map((n) => n.value), steps: (j.steps ?? []).length }));
  }
  console.log(JSON.stringify({ file, errors, jobs }));
}
