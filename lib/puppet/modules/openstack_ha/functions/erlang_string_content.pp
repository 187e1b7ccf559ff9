# @summary Escapes a string for use between the double quotes of an Erlang string or binary
#   literal (`<<"...">>`): backslashes and double quotes get a backslash.
#
# @param value
#   The text to escape.
# @return [String] The escaped text, without the surrounding quotes.
function openstack_ha::erlang_string_content(String $value) >> String {
  $value.regsubst('\\\\', '\\\\\\\\', 'G').regsubst('"', '\\\\"', 'G')
}
