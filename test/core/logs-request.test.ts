// A service's logs props and the canonical log alerts' units, checked once where the user wrote them.
import { logsRequestOf } from "../../lib/core/components/logs";
import { resolveAlertSettings } from "../../lib/observability/alert-catalog";
import { messageSaying } from "../harness";

describe("MonitoredService logs props", () => {
  test("namespaces default to the service's; given ones are kept", () => {
    expect(logsRequestOf({ service: "checkout", props: undefined })).toEqual({ request: { namespaces: ["checkout"], alerts: undefined }, problems: [] });
    expect(logsRequestOf({ service: "checkout", props: { namespaces: ["checkout", "checkout-jobs"] } }).request?.namespaces).toEqual(["checkout", "checkout-jobs"]);
  });

  test("an empty list, a name that is no DNS label and a repeated name are one message each, at the index written", () => {
    expect(logsRequestOf({ service: "checkout", props: { namespaces: [] } }).problems).toEqual([expect.stringMatching(/^`logs.namespaces` is \[\]; name at least one namespace/)]);
    const { request, problems } = logsRequestOf({ service: "checkout", props: { namespaces: ["checkout", "Checkout_Jobs", "checkout"] } });
    expect(request).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(/^`logs.namespaces\[1\]` "Checkout_Jobs" is not a valid Kubernetes DNS label: use lowercase letters/),
      messageSaying("`logs.namespaces[2]`", '"checkout"', "already `logs.namespaces[0]`", "name each namespace once"),
    ]);
  });
});

describe("canonical log alerts", () => {
  test("logs-missing takes whole minutes from 5 minutes to 23.5 hours", () => {
    expect(resolveAlertSettings("logs", { "logs-missing": { threshold: 600 } }, "logs.alerts").problems).toEqual([]);
    for (const bad of [650, 120, 90000]) {
      expect(resolveAlertSettings("logs", { "logs-missing": { threshold: bad } }, "logs.alerts").problems).toEqual([
        messageSaying(`\`logs.alerts.logs-missing.threshold\` is ${bad};`, "from 300 to 84600, a multiple of 60"),
      ]);
    }
  });

  test("error-logs-high is a rate of error lines per second above zero", () => {
    expect(resolveAlertSettings("logs", { "error-logs-high": { threshold: 0.5 } }, "logs.alerts").settings["error-logs-high"].threshold).toBe(0.5);
    expect(resolveAlertSettings("logs", { "error-logs-high": { threshold: 0 } }, "logs.alerts").problems).toEqual([expect.stringMatching(/^`logs.alerts.error-logs-high.threshold` is 0; error-logs-high takes events per second, from 0.01 to 10000/)]);
  });
});
