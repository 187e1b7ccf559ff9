# @summary Quotes a string as a value in a MariaDB option file (`my.cnf`).
#
# The value is written in double quotes, with backslashes and double quotes escaped, so `#`,
# `;`, quotes and leading or trailing spaces survive the option-file parser unchanged. A value
# cannot span lines in an option file, so a line break fails compilation.
#
# @param value
#   The value to quote.
# @param name
#   What the value is, for the error message (`sst_password`).
# @return [String] The quoted value, for example `"se#cret"`.
function openstack_ha::option_file_value(String $value, String[1] $name) >> String {
  if $value =~ /[\r\n]/ {
    fail("openstack_ha: ${name} contains a line break, which a MariaDB option file cannot hold")
  }
  $escaped = $value.regsubst('\\\\', '\\\\\\\\', 'G').regsubst('"', '\\\\"', 'G')
  "\"${escaped}\""
}
