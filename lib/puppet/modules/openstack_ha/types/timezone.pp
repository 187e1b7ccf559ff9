# @summary A time zone name from the tz database, such as `Etc/UTC` or `Europe/Berlin`.
type Openstack_ha::Timezone = Pattern[/\A[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*\z/]
