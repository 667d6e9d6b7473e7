import { manifestOf } from "../../lib/core/manifest";
import { manualChangeFilter } from "../../lib/gcp/manual-change-alert";
import { resourceBodies, synthStack, SynthesizedStack, validationMessages } from "../../lib/testing";
import { messageAt, ResourceBody, targetStack } from "../harness";


const manualChangePolicies = (synth: SynthesizedStack) => resourceBodies(synth, "google_monitoring_alert_policy").filter((p) => (p.user_labels as ResourceBody).alert_id === "manual-change");

describe("manual-change on GCP: a log-based alert on the project's Admin Activity audit log", () => {
  const { stack } = targetStack("gcp", { service: true });
  const synth = synthStack(stack);

  test("one log-match policy with the notification rate limit the API requires of log-based policies, routed as a ticket", () => {
    const [policy] = manualChangePolicies(synth);
    expect(manualChangePolicies(synth)).toHaveLength(1);
    const condition = (policy.conditions as ResourceBody[])[0];
    expect(condition.condition_threshold).toBeUndefined();
    expect(condition.condition_matched_log.label_extractors).toEqual({
      principal: "EXTRACT(protoPayload.authenticationInfo.principalEmail)",
      method: "EXTRACT(protoPayload.methodName)",
      resource: "EXTRACT(protoPayload.resourceName)",
    });
    expect(policy.alert_strategy).toEqual({ notification_rate_limit: { period: "300s" }, auto_close: "1800s" });
    expect(policy).toMatchObject({ severity: "ERROR", display_name: "checkout-prod admin-activity manual-change", user_labels: { component: "admin-activity", alert_id: "manual-change", severity: "ticket" } });
    expect((policy.documentation as ResourceBody).content).toMatch(/Runbook: https:\/\/.+\/admin-activity\/manual-change\.md$/);
  });

  test("the filter reads the Admin Activity log of the project and leaves out the deploying identity, Google's service agents, the Cloud SQL client and the Kubernetes API", () => {
    const filter: string = (manualChangePolicies(synth)[0].conditions as ResourceBody[])[0].condition_matched_log.filter;
    const lines = filter.split("\n");
    expect(lines[0]).toBe('logName="projects/checkout-prod-123456/logs/cloudaudit.googleapis.com%2Factivity"');
    expect(lines).toContain('NOT protoPayload.serviceName="k8s.io"');
    expect(lines).toContain('NOT protoPayload.authenticationInfo.principalEmail=~"^service-[0-9]+@[a-z0-9-]+[.]iam[.]gserviceaccount[.]com$"');
    expect(lines).toContain('NOT protoPayload.authenticationInfo.principalEmail=~"^[0-9]+@cloudservices[.]gserviceaccount[.]com$"');
    // By default the pipeline is whoever runs Terraform, read from google_client_openid_userinfo.
    const [deployer] = Object.keys((synth.data as ResourceBody).google_client_openid_userinfo);
    expect(lines).toContain(`NOT protoPayload.authenticationInfo.principalEmail="\${data.google_client_openid_userinfo.${deployer}.email}"`);
    expect(lines).toContainEqual(expect.stringMatching(/^NOT protoPayload\.authenticationInfo\.principalEmail="\$\{google_service_account\.checkout_postgres_client-sa_[^.]+\.email\}"$/));
    expect(lines).toHaveLength(6);
  });

  test("recorded as the platform component with the canonical alert", () => {
    const manifest = manifestOf(synth as ResourceBody)!;
    expect(manifest.components.find((c) => c.component === "admin-activity")).toMatchObject({ kind: "platform", target: "gcp", defaultAlertIds: ["manual-change"], disabledAlertIds: [], unavailableAlerts: [] });
    expect(manifest.alerts.find((a) => a.id === "manual-change")).toMatchObject({ component: "admin-activity", canonical: { kind: "platform", unit: "none" }, mechanism: "cloud-monitoring-policy", routes: ["hooks", "chat"] });
  });
});

describe("manual-change settings", () => {
  test("explicit pipeline principals replace the deploying identity", () => {
    const { stack } = targetStack("gcp", { platform: { pipelinePrincipals: ["ci-deployer@checkout-prod-123456.iam.gserviceaccount.com", "release-bot@example.com"] } });
    const synth = synthStack(stack);
    expect((synth.data as ResourceBody | undefined)?.google_client_openid_userinfo).toBeUndefined();
    expect((manualChangePolicies(synth)[0].conditions as ResourceBody[])[0].condition_matched_log.filter).toBe(
      manualChangeFilter("checkout-prod-123456", ["ci-deployer@checkout-prod-123456.iam.gserviceaccount.com", "release-bot@example.com"]),
    );
  });

  test("switched off: no policy, recorded as disabled; a page severity pages in prod", () => {
    const off = synthStack(targetStack("gcp", { platform: { alerts: { "manual-change": { enabled: false } } } }).stack);
    expect(manualChangePolicies(off)).toEqual([]);
    expect(manifestOf(off as ResourceBody)!.components.find((c) => c.component === "admin-activity")!.disabledAlertIds).toEqual(["manual-change"]);
    const page = synthStack(targetStack("gcp", { platform: { alerts: { "manual-change": { severity: "page" } } } }).stack);
    expect(manualChangePolicies(page)[0].severity).toBe("CRITICAL");
  });

  test("a threshold on a state alert, a principal that is not an email and an empty list fail synth with the fix", () => {
    expect(validationMessages(targetStack("gcp", { platform: { alerts: { "manual-change": { threshold: 1 } } } }).stack)).toEqual([
      expect.stringMatching(/^\[prod-gcp-infra\/platform\] `alerts\.manual-change\.threshold` is set, but manual-change has no threshold/),
    ]);
    expect(validationMessages(targetStack("gcp", { platform: { pipelinePrincipals: ["deployer"] } }).stack)).toEqual([
      messageAt("prod-gcp-infra/platform", "`pipelinePrincipals`", '"deployer"', "not an email", "deployer@<project>.iam.gserviceaccount.com"),
    ]);
    expect(validationMessages(targetStack("gcp", { platform: { pipelinePrincipals: [] } }).stack)).toEqual([expect.stringContaining("`pipelinePrincipals` is empty")]);
  });
});
