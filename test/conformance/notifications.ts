// One notifications object with every kind of channel, and how each target
// delivers it: the details each platform takes once in its props. Shared by
// the conformance suite and test/channel-delivery.test.ts.
import { AlertmanagerDelivery, Channel, NotificationRoutingProps, secret } from "../../lib";
import type { AwsChannelDelivery } from "../../lib/aws";
import type { AzureChannelDelivery } from "../../lib/azure";
import type { GcpChannelDelivery } from "../../lib/gcp";

/** Every channel kind but Azure's role channel, routed; one channel declared and routed nowhere. */
export const EVERY_CHANNEL: NotificationRoutingProps = {
  channels: {
    pager: Channel.pagerDuty(secret("vigil/checkout/pagerduty-routing-key")),
    mail: Channel.email("checkout-oncall@example.com"),
    hook: Channel.webhook("https://hooks.example.com/checkout"),
    chat: Channel.slack("#checkout-alerts"),
    tg: Channel.telegram("-1001234567890"),
    tickets: Channel.issue("https://automation.example.com/hooks/checkout", "CHECKOUT", secret("vigil/checkout/issue-token")),
    // Declared, routed nowhere: no target needs a delivery detail for it.
    later: Channel.slack("#checkout-later"),
  },
  routes: { page: ["pager", "chat", "tg"], ticket: ["tickets", "mail", "hook"], info: ["chat"] },
  runbookBaseUrl: "https://runbooks.example.com/checkout",
};

/** How AWS delivers {@link EVERY_CHANNEL}: AWS Chatbot ids, relays for Telegram and the issue tracker. */
export const AWS_DELIVERY: AwsChannelDelivery = {
  slack: { workspaceId: "T0123ABCD", channelIds: { chat: "C0456EFGH" } },
  telegram: { relayUrls: { tg: secret("vigil/checkout/telegram-relay-url") } },
  webhook: { urls: { tickets: secret("vigil/checkout/issue-url-with-token") } },
};

/** How Cloud Monitoring delivers {@link EVERY_CHANNEL}: a Slack app's token, relays. */
export const GCP_DELIVERY: GcpChannelDelivery = {
  slack: { authToken: secret("vigil/checkout/slack-app-token") },
  telegram: { relayUrls: { tg: secret("vigil/checkout/telegram-relay-url") } },
  webhook: { urls: { tickets: secret("vigil/checkout/issue-url-with-token") } },
};

/** How Azure action groups deliver {@link EVERY_CHANNEL}: relays for Slack and Telegram, a URL with the tracker's token. */
export const AZURE_DELIVERY: AzureChannelDelivery = {
  slack: { relayUrls: { chat: secret("vigil/checkout/slack-relay-url") } },
  telegram: { relayUrls: { tg: secret("vigil/checkout/telegram-relay-url") } },
  webhook: { urls: { tickets: secret("vigil/checkout/issue-url-with-token") } },
};

/** How a cluster's Alertmanager delivers {@link EVERY_CHANNEL}: an SMTP relay, a Slack incoming webhook, a Telegram bridge. */
export const ALERTMANAGER_DELIVERY: AlertmanagerDelivery = {
  smtp: { smarthost: "smtp.example.com:587", from: "alertmanager@example.com" },
  slack: { webhookUrls: { chat: secret("vigil/checkout/slack-webhook-url") } },
  telegram: { relayUrls: { tg: "http://telegram-bridge.monitoring.svc:8080/alert/-1001234567890" } },
};
