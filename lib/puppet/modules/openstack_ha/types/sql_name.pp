# @summary The name of a database or of a database user: a lower-case letter, then lower-case
#   letters, digits and underscores, so it needs no quoting in SQL or in a connection URL.
type Openstack_ha::Sql_name = Pattern[/\A[a-z][a-z0-9_]*\z/]
