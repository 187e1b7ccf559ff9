# @summary The name of a Nova cells v2 cell, as `nova-manage cell_v2 list_cells` shows it: a
#   letter, then letters, digits, `_` or `-`, at most 64 characters. `cell0`, the cell Nova
#   reserves for instances that could not be scheduled, is excluded: it is always created next
#   to the cells named here.
type Openstack_ha::Nova_cell_name = Pattern[/\A(?!cell0\z)[A-Za-z][A-Za-z0-9_-]{0,63}\z/]
