// The reference deployment with one change, as a refactor would make it: the
// PostgreSQL construct of the service gets the id "orders-db" instead of
// "postgres". Same config, same code paths; only the construct id differs.
import { App } from "cdktf";
import { AwsPlatform } from "cdktf-vigil/aws";
import { AwsRdsPostgres } from "../../lib/aws/rds-postgres";
import { buildReferenceApp } from "../../stacks/app";

/** Synthesizes the renamed reference app; with `moved`, each database carries a moved block from its old address. */
export function synthRenamedReference(moved: boolean): void {
  const postgres = AwsPlatform.prototype.postgres;
  AwsPlatform.prototype.postgres = function (this: AwsPlatform, scope, _id, service, props) {
    const db = postgres.call(this, scope, "orders-db", service, props) as AwsRdsPostgres;
    // The address the instance had under the "postgres" id (same stack, same service construct).
    if (moved) db.instance.moveFromId(`aws_db_instance.${service}_postgres_instance_ECA23F7E`);
    return db;
  };
  const app = new App();
  buildReferenceApp(app);
  app.synth();
}
