import { looksLikeSecretName, maskUrlCredential, urlCredential, withoutCredential } from "../../lib/core/secrets-in-clear";
import { Channel, secret } from "../../lib";
import { NotificationRouting } from "../../lib/observability/routing";
import { messageSaying } from "../harness";

describe("secrets given in clear are recognised", () => {
  test.each([
    ["DB_PASSWORD", true],
    ["STRIPE_API_TOKEN", true],
    ["JWT_SIGNING_KEY", true],
    ["API_KEY", true],
    ["clientSecret", true],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["GOOGLE_APPLICATION_CREDENTIALS", true],
    ["KEYSPACE", false],
    ["CACHE_KEY_PREFIX", false],
    ["OAUTH_TOKEN_URL", false],
    ["DB_SECRET_NAME", false],
    ["AWS_ACCESS_KEY_ID", false],
    ["PWD", false],
    ["LOG_LEVEL", false],
  ])("%s looks like a secret: %s", (name, expected) => {
    expect(looksLikeSecretName(name)).toBe(expected);
  });

  test("a URL's credential: user info, a token-like query parameter, a Slack incoming webhook; none in a plain URL", () => {
    expect(urlCredential("https://alerts:pw@hooks.example.com/in")).toBe("a password in its user info");
    expect(urlCredential("https://tok@hooks.example.com/in")).toBe("a user name (often a token) in its user info");
    expect(urlCredential("https://hooks.example.com/in?token=abc&x=1")).toBe("a credential in its query parameter `token`");
    expect(urlCredential("https://relay.example.com/hook?sig=abc")).toBe("a credential in its query parameter `sig`");
    expect(urlCredential("https://hooks.slack.com/services/T0/B0/XYZ")).toContain("hooks.slack.com");
    expect(urlCredential("https://hooks.example.com/in?page=2")).toBeUndefined();
    expect(urlCredential("not a url")).toBeUndefined();
  });

  test("masked for messages, and never written as given", () => {
    expect(maskUrlCredential("https://alerts:pw@hooks.example.com/in?token=abc&x=1")).toBe("https://alerts:***@hooks.example.com/in?token=***&x=1");
    expect(withoutCredential("https://hooks.example.com/in?token=abc")).toBe("https://hooks.example.com/in?token=***");
    expect(withoutCredential("https://hooks.example.com/in")).toBe("https://hooks.example.com/in");
  });

  test("a channel URL with a credential fails validation with the URL masked; as a secret it is fine", () => {
    const routing = (url: string | ReturnType<typeof secret>) => ({ channels: { hook: Channel.webhook(url) }, routes: { page: ["hook"], ticket: ["hook"] }, runbookBaseUrl: "https://runbooks.example.com" });
    expect(NotificationRouting.validate(routing("https://hooks.example.com/in?token=abc123"))).toEqual([
      messageSaying("`channels.hook`.url", '"https://hooks.example.com/in?token=***"', "query parameter `token`", 'give the URL as secret("name")', '`bearerToken: secret("name")`'),
    ]);
    expect(NotificationRouting.validate(routing(secret("vigil/hook-url")))).toEqual([]);
  });
});
