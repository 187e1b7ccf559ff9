# @summary Quotes a string as an SQL string literal for MariaDB: single quotes, with backslashes
#   and single quotes escaped.
#
# @param value
#   The text to quote.
# @return [String] The literal, for example `'it''s'`.
function openstack_ha::sql_string(String $value) >> String {
  $escaped = $value.regsubst('\\\\', '\\\\\\\\', 'G').regsubst("'", "''", 'G')
  "'${escaped}'"
}
