# @summary The id of a Ceph client user without its `client.` prefix, such as `glance`: what the
#   OpenStack services' `rbd_store_user`, `rbd_user` and `rbd --id` take.
type Openstack_ha::Storage_ceph_user_id = Pattern[/\A[a-z0-9_-]+\z/]
