import { MonitoredService } from "../../lib";
import { synthStack } from "../../lib/testing";
import { synthProblems } from "../../lib/core/synth-or-exit";
import { App } from "cdktf";
import { AWS_CASES, awsClean } from "./aws.cases";
import { describeCorpus } from "./corpus";
import { targetStack } from "../harness";

describeCorpus("aws", awsClean, AWS_CASES);

describe("AWS: a Kafka topic without consumer groups", () => {
  test("synthesizes with no problem and no lag alert for it; a topic read by a group gets its lag alerts", () => {
    const { stack, platform } = targetStack("aws");
    new MonitoredService(stack, "checkout", { platform, kafka: { topics: { orders: {}, audit: { consumerGroups: ["ledger"] } } } });
    const synth = synthStack(stack);
    expect(synthProblems(stack.node.root as App)).toEqual([]);
    const lagAlerts = ((synth["//"] as { vigil: { alerts: { id: string }[] } }).vigil.alerts ?? []).map((a) => a.id).filter((id) => id.includes("lag"));
    expect(lagAlerts.sort()).toEqual(["consumer-lag-high-ledger-audit", "consumer-time-lag-high-ledger-audit"]);
  });
});
