// Every Terraform resource type Vigil synthesizes that holds no data a destroy
// would lose, each with why. Together with STATEFUL_TYPES (`stateful-types.ts`)
// it classifies every type: `test/stacks/stateful-coverage.test.ts` fails on a
// type Vigil imports or synthesizes that is in neither list, and
// `data-protection/stateful-component` fails synth on one under a stateful
// component. Plain data, no cdktf.

/** Groups of types that share a reason; the ambiguous ones (names that suggest data) stand alone with their own. */
const GROUPS: ReadonlyArray<{ readonly reason: string; readonly types: readonly string[] }> = [
  {
    reason: "alerting, dashboards and synthetic checks: configuration rebuilt from code",
    types: [
      "aws_cloudwatch_dashboard", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm", "aws_sns_topic_policy", "aws_sns_topic_subscription",
      "aws_chatbot_slack_channel_configuration", "aws_prometheus_alert_manager_definition", "aws_prometheus_scraper", "aws_cloudwatch_log_metric_filter",
      "azurerm_monitor_action_group", "azurerm_monitor_metric_alert", "azurerm_monitor_scheduled_query_rules_alert_v2", "azurerm_monitor_alert_prometheus_rule_group",
      "azurerm_portal_dashboard", "azurerm_application_insights_standard_web_test",
      "google_monitoring_alert_policy", "google_monitoring_dashboard", "google_monitoring_notification_channel", "google_monitoring_uptime_check_config",
    ],
  },
  {
    reason: "the public edge's configuration, rebuilt from code: Front Door profile, endpoint, routes, origins, managed certificates (re-issued), WAF policies and their binding, DNS records pointing at it",
    types: [
      "azurerm_cdn_frontdoor_profile", "azurerm_cdn_frontdoor_endpoint", "azurerm_cdn_frontdoor_origin_group", "azurerm_cdn_frontdoor_origin", "azurerm_cdn_frontdoor_custom_domain",
      "azurerm_cdn_frontdoor_custom_domain_association", "azurerm_cdn_frontdoor_route", "azurerm_cdn_frontdoor_firewall_policy", "azurerm_cdn_frontdoor_security_policy",
      "azurerm_dns_txt_record", "azurerm_dns_cname_record",
    ],
  },
  { reason: "an SNS topic only relays alerts: it keeps no message after delivery", types: ["aws_sns_topic"] },
  { reason: "a group of Prometheus rules rendered from code, not a data namespace", types: ["aws_prometheus_rule_group_namespace"] },
  { reason: "a canary's run artifacts go to its S3 bucket, which is in STATEFUL_TYPES", types: ["aws_synthetics_canary"] },
  {
    reason: "metric history only (no business data); the rules, alerts and dashboards over it are rebuilt from code",
    types: ["aws_prometheus_workspace", "azurerm_monitor_workspace"],
  },
  { reason: "Grafana's dashboards and data sources come from code; only hand-made dashboards would be lost", types: ["aws_grafana_workspace", "azurerm_dashboard_grafana"] },
  { reason: "workspace-based: its telemetry is stored in the Log Analytics workspace, which is in STATEFUL_TYPES", types: ["azurerm_application_insights"] },
  {
    reason: "a table's retention setting: its destroy reverts the table to the workspace's retention, and Azure Monitor waits 30 days before removing older data (Microsoft Learn, data-retention-configure)",
    types: ["azurerm_log_analytics_workspace_table"],
  },
  {
    reason: "log delivery and collection settings: the logs live in a log group, bucket or workspace",
    types: ["aws_cloudtrail", "aws_flow_log", "aws_cloudwatch_log_resource_policy", "aws_cloudwatch_log_subscription_filter", "google_logging_project_sink", "google_logging_project_exclusion", "google_project_iam_audit_config",
      "azurerm_monitor_diagnostic_setting", "azurerm_monitor_data_collection_endpoint", "azurerm_monitor_data_collection_rule", "azurerm_monitor_data_collection_rule_association",
      "azurerm_log_analytics_data_export_rule"],
  },
  {
    reason: "network plumbing, rebuilt from code",
    types: [
      "aws_vpc", "aws_subnet", "aws_route_table", "aws_route_table_association", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_security_group", "aws_default_security_group", "aws_vpc_security_group_ingress_rule",
      "azurerm_virtual_network", "azurerm_subnet", "azurerm_nat_gateway", "azurerm_nat_gateway_public_ip_association", "azurerm_subnet_nat_gateway_association", "azurerm_public_ip",
      "azurerm_private_dns_zone", "azurerm_private_dns_zone_virtual_network_link", "azurerm_private_endpoint",
      "azurerm_network_security_group", "azurerm_subnet_network_security_group_association",
      "google_compute_network", "google_compute_subnetwork", "google_compute_router", "google_compute_router_nat", "google_compute_global_address", "google_service_networking_connection",
    ],
  },
  {
    reason: "an identity or an access grant, rebuilt from code",
    types: [
      "aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_eks_access_entry", "aws_eks_access_policy_association", "aws_grafana_workspace_saml_configuration",
      "azurerm_role_assignment", "azurerm_postgresql_flexible_server_active_directory_administrator", "azurerm_user_assigned_identity",
      "google_service_account", "google_project_iam_member", "google_kms_crypto_key_iam_member", "google_storage_bucket_iam_member",
    ],
  },
  { reason: "a database login: the data is in the database, which is in STATEFUL_TYPES", types: ["google_sql_user"] },
  {
    reason: "a public edge's certificate, TLS, WAF and DNS configuration: rebuilt from code (a Google-managed certificate is reissued)",
    types: ["google_compute_security_policy", "google_compute_ssl_policy", "google_certificate_manager_certificate", "google_certificate_manager_dns_authorization", "google_certificate_manager_certificate_map", "google_certificate_manager_certificate_map_entry", "google_dns_record_set"],
  },
  {
    reason: "a log-based metric: a counter over log entries, rebuilt from code; the entries it counts are in the log bucket, which is in STATEFUL_TYPES",
    types: ["google_logging_metric"],
  },
  { reason: "a name pointing at a KMS key: the key is in STATEFUL_TYPES", types: ["aws_kms_alias"] },
  {
    reason: "a log archive's delivery stream: it buffers at most 5 minutes of records on their way to the archive bucket, which is in STATEFUL_TYPES",
    types: ["aws_kinesis_firehose_delivery_stream"],
  },
  { reason: "Cloud KMS never deletes a key ring: a destroy only removes it from the state", types: ["google_kms_key_ring"] },
  { reason: "an admission policy of the project's clusters, rebuilt from code", types: ["google_binary_authorization_policy"] },
  { reason: "the deletion guard itself: its destroy removes the guard, not the data", types: ["azurerm_management_lock"] },
  {
    reason: "a resource group: its stateful resources are planned one by one, and a renamed group replaces each of them through `resource_group_name`, which `vigil diff` flags",
    types: ["azurerm_resource_group"],
  },
  {
    reason: "a setting of a stateful resource (bucket, database, broker, cluster): the resource itself, in STATEFUL_TYPES, holds the data",
    types: [
      "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging", "aws_s3_bucket_object_lock_configuration", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning",
      "aws_db_parameter_group", "aws_db_subnet_group", "aws_msk_configuration", "aws_eks_addon", "azurerm_postgresql_flexible_server_configuration", "azurerm_storage_container_immutability_policy",
    ],
  },
  {
    reason: "cluster nodes, replaced routinely: pods' volumes are separate disks (the CSI drivers'), not part of the node pool",
    types: ["aws_eks_node_group", "aws_launch_template", "azurerm_kubernetes_cluster_node_pool", "google_container_node_pool"],
  },
  {
    reason: "stateless workloads and their policies (HttpWorkload, team namespaces' limits): rebuilt from code",
    types: ["kubernetes_deployment_v1", "kubernetes_service_v1", "kubernetes_horizontal_pod_autoscaler_v2", "kubernetes_pod_disruption_budget_v1", "kubernetes_network_policy_v1", "kubernetes_limit_range_v1", "kubernetes_resource_quota_v1"],
  },
  {
    reason: "an AWS edge (load balancer, listeners, target group, node registration, DNS records, certificate, WAF web ACL and IP sets): rebuilt from code; its access logs are in an S3 bucket, in STATEFUL_TYPES",
    types: [
      "aws_lb", "aws_lb_listener", "aws_lb_listener_rule", "aws_lb_target_group", "aws_autoscaling_attachment", "aws_route53_record", "aws_acm_certificate", "aws_acm_certificate_validation",
      "aws_wafv2_web_acl", "aws_wafv2_ip_set", "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration", "aws_vpc_security_group_egress_rule",
    ],
  },
];

function byType(): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { reason, types } of GROUPS) {
    for (const type of types) {
      if (out[type] !== undefined) throw new Error(`STATELESS_TYPES lists ${type} twice`);
      out[type] = reason;
    }
  }
  return out;
}

/**
 * Terraform types that hold no data a destroy would lose, with why. A type
 * here must not be in STATEFUL_TYPES (conditionally stateful types — a
 * `helm_release`, a namespace, a log group — are there, with their condition).
 */
export const STATELESS_TYPES: Readonly<Record<string, string>> = byType();
