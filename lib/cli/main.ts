#!/usr/bin/env node
// The `vigil` bin: review tools over a cdktf synth output. It loads Node's
// built-ins and this folder only (no cdktf, no provider), so it starts fast.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { parseArgs } from "util";
import { addressCheckFails, checkStatefulAddresses, describeAddressCheck, statefulAddresses, StatefulAddressList } from "./addresses";
import { diffSynth } from "./diff";
import { renderDiffMarkdown } from "./diff-markdown";
import { readSynth, UsageError } from "./read-synth";
import { renderHtmlReport } from "./report-html";
import { renderMarkdownReport } from "./report-markdown";
import { planRunbooks, writeRunbooks } from "./runbooks";

const HELP = `vigil — review tools for a cdktf-vigil synth output

Usage:
  vigil report [DIR] [--out OUTDIR] [--stdout]
      Summarizes DIR (default cdktf.out) per stack: resources by type, alerts
      (severity, threshold, route, runbook), SLOs, policy findings and
      suppressions. Writes OUTDIR/report.md (for a pull-request comment) and
      OUTDIR/report.html (one self-contained page with filters); OUTDIR
      defaults to vigil-report. --stdout prints the Markdown instead.

  vigil diff BASE HEAD [--out FILE] [--allow-destroy]
      Compares two synth outputs: resources added, removed and changed (per
      argument, the objects of Vigil's generated charts included), and every
      destroy or replacement of a stateful resource, with what Terraform
      really does and what to do instead; a database version downgrade is
      flagged too (the engine refuses it or replaces the database). Prints
      Markdown (or writes FILE). Exits 1 when anything is flagged, unless
      --allow-destroy.

  vigil runbooks [DIR] [--out OUTDIR] [--base-url URL] [--hand-written FOLDER]
      Writes one runbook page per alert runbook URL, at OUTDIR/<component>/<id>.md
      (OUTDIR defaults to docs/runbooks/generated), and an index README.md.
      --base-url is where OUTDIR is published (default: the base the alerts'
      runbook URLs share); the command exits 1 when an alert links elsewhere.
      --hand-written (default docs/runbooks) supplies the "First checks" of
      pages that have a hand-written runbook.

  vigil addresses [DIR] [--list FILE] [--update]
      Checks the committed list of stateful resource addresses (FILE, default
      stateful-addresses.json) against DIR: a listed address that is gone
      without a moved block would be destroyed; a component recorded as
      stateful whose data type is missing from the stateful table fails
      too. --update writes the list from DIR instead.

Exit codes: 0 done, 1 a flag was raised (diff), an alert has no page
(runbooks) or a stateful address changed (addresses), 2 usage error, or an
output older than the last failed synth (synthOrExit marks it).
`;

/** Characters a GitHub issue or pull-request comment holds. */
const GITHUB_COMMENT_LIMIT = 65536;

type Io = { out: (text: string) => void; err: (text: string) => void };

function report(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" }, stdout: { type: "boolean" } } });
  if (positionals.length > 1) throw new UsageError(`report takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const synth = readSynth(positionals[0] ?? "cdktf.out");
  const markdown = renderMarkdownReport(synth);
  if (values.stdout) {
    io.out(markdown);
    return 0;
  }
  const outDir = resolve(values.out ?? "vigil-report");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "report.md"), markdown);
  writeFileSync(join(outDir, "report.html"), renderHtmlReport(synth));
  io.err(`wrote ${join(outDir, "report.md")} and ${join(outDir, "report.html")} (${synth.stacks.length} stacks)\n`);
  if (markdown.length > GITHUB_COMMENT_LIMIT) {
    io.err(`report.md has ${markdown.length} characters, more than a GitHub comment takes (${GITHUB_COMMENT_LIMIT}); post it as a file or link report.html\n`);
  }
  return 0;
}

function diff(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" }, "allow-destroy": { type: "boolean" } } });
  if (positionals.length !== 2) throw new UsageError(`diff takes two synth folders, BASE and HEAD; got ${positionals.length}`);
  const result = diffSynth(readSynth(positionals[0]), readSynth(positionals[1]));
  const markdown = renderDiffMarkdown(result);
  if (values.out) writeFileSync(values.out, markdown);
  else io.out(markdown);
  if (result.flags.length === 0) return 0;
  const summary = `${result.flags.length} stateful resource(s) destroyed, replaced or changed in a way the database refuses: ${result.flags.map((f) => `${f.stack}/${f.address} (${f.kind})`).join(", ")}`;
  if (values["allow-destroy"]) {
    io.err(`${summary} (allowed by --allow-destroy)\n`);
    return 0;
  }
  io.err(`${summary}; pass --allow-destroy if this is intended\n`);
  return 1;
}

function runbooks(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: "string" }, "base-url": { type: "string" }, "hand-written": { type: "string" } },
  });
  if (positionals.length > 1) throw new UsageError(`runbooks takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const baseUrl = values["base-url"];
  if (baseUrl !== undefined && !/^https?:\/\/\S+$/.test(baseUrl)) throw new UsageError(`--base-url ${JSON.stringify(baseUrl)} is not an http(s) URL`);
  const outDir = resolve(values.out ?? "docs/runbooks/generated");
  const plan = planRunbooks(readSynth(positionals[0] ?? "cdktf.out"), { baseUrl, handWritten: values["hand-written"] ?? "docs/runbooks", outDir });
  const written = writeRunbooks(plan, outDir);
  io.err(`wrote ${written.length - 1} runbook pages and an index under ${resolve(values.out ?? "docs/runbooks/generated")} for base URL ${plan.baseUrl}\n`);
  for (const p of plan.problems) io.err(`no page: ${p}\n`);
  return plan.problems.length === 0 ? 0 : 1;
}

function addresses(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { list: { type: "string" }, update: { type: "boolean" } } });
  if (positionals.length > 1) throw new UsageError(`addresses takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const synth = readSynth(positionals[0] ?? "cdktf.out");
  const listFile = values.list ?? "stateful-addresses.json";
  if (values.update) {
    writeFileSync(listFile, `${JSON.stringify(statefulAddresses(synth), null, 2)}\n`);
    io.err(`wrote ${listFile}\n`);
    return 0;
  }
  if (!existsSync(listFile)) throw new UsageError(`${listFile}: no such file; create it with \`vigil addresses --update\``);
  const check = checkStatefulAddresses(JSON.parse(readFileSync(listFile, "utf8")) as StatefulAddressList, synth);
  const text = describeAddressCheck(check, listFile);
  if (text) io.out(`${text}\n`);
  return addressCheckFails(check) ? 1 : 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => number> = { report, diff, runbooks, addresses };

/** Runs the CLI on `argv` (without node and the script); returns the exit code. */
export function main(argv: readonly string[], io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`vigil: unknown command ${JSON.stringify(command)}; one of ${Object.keys(COMMANDS).join(", ")} (vigil --help)\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(HELP);
    return 0;
  }
  try {
    return run(rest, io);
  } catch (e) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`vigil ${command}: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
