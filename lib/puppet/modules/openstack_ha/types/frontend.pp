# @summary One HAProxy front end: a port on every VIP and the servers it forwards to
#   (`FrontendSpec` on the TypeScript side).
#
# * `port`: the port HAProxy listens on, on each VIP
# * `backend_port`: the port the servers listen on
# * `mode`: `http` for the API services, `tcp` for the database
# * `check`: the health check of each server: `http` (an HTTP GET of `check_path`), `tcp`
#   (a TCP connect) or `galera` (an HTTP request to the Galera health check on `check_port`,
#   which answers 200 only while the node is synced)
# * `check_path`: the path of the `http` check; required when `check` is `http`
# * `check_port`: the port the check goes to, when not `backend_port`; required when `check`
#   is `galera`
# * `single_writer`: only the first server takes traffic and the others are `backup`, so
#   that all writes go to one Galera node at a time
# * `timeout_seconds`: the client and server inactivity time-out (long for database
#   connections, which sit idle in the services' pools)
# * `backends`: the servers, at least one, in order (the first is the writer when
#   `single_writer`)
type Openstack_ha::Frontend = Struct[{
  port                 => Integer[1, 65535],
  backend_port         => Integer[1, 65535],
  mode                 => Enum['http', 'tcp'],
  check                => Enum['http', 'tcp', 'galera'],
  Optional[check_path] => Pattern[/\A\/[^\s]*\z/],
  Optional[check_port] => Integer[1, 65535],
  single_writer        => Boolean,
  timeout_seconds      => Integer[1, 86400],
  backends             => Array[Openstack_ha::Backend, 1],
}]
