// Address stability: the reference deployment's stateful resource addresses
// are committed (stacks/stateful-addresses.json). A rename or move of a
// construct changes the address, and Terraform replaces the resource with an
// empty one; the check fails then, unless a moved block carries it over.
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { checkStatefulAddresses, StatefulAddressList } from "../../lib/cli/addresses";
import { readSynth } from "../../lib/cli/read-synth";
import { resourceAt, ROOT, vigil, writeSynthDir } from "../cli/support";
import { sharedSynth } from "../shared-synth";

const LIST_FILE = join(ROOT, "stacks/stateful-addresses.json");
const list = JSON.parse(readFileSync(LIST_FILE, "utf8")) as StatefulAddressList;

describe("stateful resource addresses of the reference deployment", () => {
  const reference = sharedSynth("reference");
  const renamed = sharedSynth("renamedDb");
  const moved = sharedSynth("movedDb");

  test("none disappeared and none is missing from the list (update it with `npm run addresses:update` when a stateful resource is added)", () => {
    const check = checkStatefulAddresses(list, readSynth(reference));
    expect(check.disappeared).toEqual([]);
    expect(check.unlisted).toEqual([]);
    // The list holds what matters: every environment's database, and the in-cluster data chart.
    for (const env of ["dev", "staging", "prod"]) expect(list[`${env}-aws-infra`]).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_db_instance\./)]));
    // The in-cluster data: the chart's release, and the namespaces whose destroy would delete their custom resources (the data's and the log store's).
    expect(list["local-kubernetes-platform"]).toEqual([
      expect.stringMatching(/^helm_release\./),
      expect.stringMatching(/^kubernetes_namespace_v1\.platform_logs_namespace_/),
      expect.stringMatching(/^kubernetes_namespace_v1\.platform_ns-checkout-data_/),
    ]);
  });

  test("the GCP and Azure platform stacks of an earlier layout carry their in-cluster data over: moved to the new addresses, or forgotten without a destroy", () => {
    // The stateful addresses those stacks had before the one in-cluster mechanism (the chart's release, and Azure's data namespace).
    const earlier: StatefulAddressList = Object.fromEntries(
      ["dev", "staging", "prod"].flatMap((env) => [
        [`${env}-gcp-platform`, ["helm_release.resources_release_4DCF88B9"]],
        [`${env}-azure-platform`, ["helm_release.platform_resources_release_0AACEFDF", "kubernetes_namespace_v1.platform_ns-checkout-data_ABA6BDCE"]],
      ]),
    );
    const synth = readSynth(reference);
    const check = checkStatefulAddresses(earlier, synth);
    expect(check.disappeared).toEqual([]);
    expect(check.moved.map((m) => `${m.stack} ${m.to}`).sort()).toEqual(
      ["dev", "prod", "staging"].flatMap((env) => ["azure", "gcp"].map((t) => `${env}-${t}-platform helm_release.platform-in-cluster_resources_release_E75D2587`)),
    );
    expect(check.forgotten.map((f) => f.stack).sort()).toEqual(["dev-azure-platform", "prod-azure-platform", "staging-azure-platform"]);
    // Each move lands on a resource of its stack and leaves from none; nothing forgotten is still declared.
    for (const stack of synth.stacks) {
      const declared = new Set(stack.resources.map((r) => r.address));
      for (const m of stack.moves) expect([stack.id, m.to, declared.has(m.to), declared.has(m.from)]).toEqual([stack.id, m.to, true, false]);
      for (const r of stack.removals ?? []) expect([stack.id, r.from, declared.has(r.from), r.destroy]).toEqual([stack.id, r.from, false, false]);
    }
  });

  test("renaming the database construct fails the check for each environment's instance", () => {
    const check = checkStatefulAddresses(list, readSynth(renamed));
    const gone = check.disappeared.filter((d) => d.address.startsWith("aws_db_instance.")).map((d) => d.stack).sort();
    expect(gone).toEqual(["dev-aws-infra", "prod-aws-infra", "staging-aws-infra"]);
    const cli = vigil(["addresses", renamed, "--list", LIST_FILE]);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/prod-aws-infra: stateful resource aws_db_instance\.checkout_postgres_instance_ECA23F7E is gone; Terraform would destroy it \(its prevent_destroy went with its block\)\. If a construct was renamed or moved, add a moved block \(resource\.moveFromId\("aws_db_instance\.checkout_postgres_instance_ECA23F7E"\)\)/);
  });

  test("a moved block carries the instance over: it is reported as moved, not gone", () => {
    const check = checkStatefulAddresses(list, readSynth(moved));
    expect(check.disappeared.filter((d) => d.address.startsWith("aws_db_instance."))).toEqual([]);
    expect(check.moved.filter((m) => m.from.startsWith("aws_db_instance.")).map((m) => m.stack).sort()).toEqual(["dev-aws-infra", "prod-aws-infra", "staging-aws-infra"]);
    // The instance's KMS key was renamed too and has no moved block: still caught.
    expect(check.disappeared.map((d) => d.address)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_kms_key\.checkout_postgres_data-key_/)]));
  });

  test("a component recorded as stateful whose data type the table lacks fails the check: none of its addresses could be listed", () => {
    const path = "prod/shop/store";
    const synth = writeSynthDir({
      prod: {
        resource: { aws_cloudwatch_metric_alarm: { cpu: resourceAt(`${path}/alarm`, { alarm_name: "cpu" }) } },
        vigil: { components: [{ component: "orders-store", name: "orders", target: "aws", stateful: true, description: "a store", defaultAlertIds: [], disabledAlertIds: [], path }] },
      },
    });
    const listFile = join(mkdtempSync(join(tmpdir(), "vigil-list-")), "list.json");
    writeFileSync(listFile, "{}\n");
    expect(checkStatefulAddresses({}, readSynth(synth)).uncovered.map((u) => [u.stack, u.path])).toEqual([["prod", path]]);
    const cli = vigil(["addresses", synth, "--list", listFile]);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('prod: the orders-store component "orders" (prod/shop/store) records itself stateful, but none of its resources is of a type in STATEFUL_TYPES');
  });

  test("the bin passes on the reference", () => {
    const cli = vigil(["addresses", reference, "--list", LIST_FILE]);
    expect([cli.status, cli.stdout]).toEqual([0, ""]);
  });
});
