// A cdktf app for the synthOrExit tests, run as a child process like `cdktf synth` runs an app.
// VIGIL_TEST_VARIANT: "bad" — two bad props on one platform and a third in a second stack;
// "good" — the same app with valid props; "bug" — valid props and a token that throws at synth.
import { App, Lazy, TerraformOutput, TerraformStack } from "cdktf";
import { Channel, secret, synthOrExit } from "cdktf-vigil";
import { KubernetesPlatform } from "cdktf-vigil/kubernetes";

const variant = process.env.VIGIL_TEST_VARIANT ?? "good";
const bad = variant === "bad";
const app = new App();
const notifications = {
  channels: { hook: Channel.webhook("https://hooks.example.com/shop"), oncall: Channel.pagerDuty(secret("shop/pagerduty", "routing-key")) },
  routes: { page: ["oncall"], ticket: ["hook"] },
  runbookBaseUrl: "https://runbooks.example.com/shop",
};
const connection = { kind: "kubeconfig", context: "kind-vigil" } as const;
const dev = new TerraformStack(app, "dev-shop");
new KubernetesPlatform(dev, "platform", { environment: "dev", service: bad ? "Shop_Service" : "shop", owner: bad ? "" : "team-shop", connection, notifications });
const prod = new TerraformStack(app, "prod-shop");
// A prod-tier profile archives its logs: the snapshot repository's bucket (credentials stay in the Secret).
const logs = { archive: { bucket: "shop-prod-log-archive", credentialsSecret: "log-archive-s3" } };
new KubernetesPlatform(prod, "platform", { environment: "prod", service: "shop", owner: bad ? " " : "team-shop", connection, notifications, logs });
if (variant === "bug") {
  new TerraformOutput(prod, "broken", { value: Lazy.stringValue({ produce: () => { throw new Error("a bug in a token producer"); } }) });
}
synthOrExit(app);
