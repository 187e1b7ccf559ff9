# @summary The full name of a Ceph client user, such as `client.glance`: `client.` and an id of
#   lower-case letters, digits, `_` and `-` (the id is what `rbd --id` and the services'
#   `rbd_user` options take).
type Openstack_ha::Storage_ceph_client_name = Pattern[/\Aclient\.[a-z0-9_-]+\z/]
