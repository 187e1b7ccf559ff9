# @summary Fails unless a class that several profiles of a node share, already declared by one
#   of them, was given the settings the calling profile would have given it.
#
# Several profiles of one node need the same underlying class (the Ceph configuration file,
# Cinder's `cinder.conf` basics); Puppet lets a class be declared with parameters only once.
# The first profile evaluated declares it; every later one calls this function, so two
# profiles that disagree (two Ceph clusters, two database passwords) fail compilation instead
# of one silently winning. Values are compared exactly (Puppet's `==` ignores the case of
# strings, which would let two keys differing only in case through), and the error names the
# differing settings but never their values, which may be secrets.
#
# @param shared_class
#   The class the profiles share, already declared.
# @param settings
#   The parameters the calling profile would have given it, by name.
# @param profile
#   The calling profile, named in the error.
# @return [Boolean]
#   true when every setting agrees.
function openstack_ha::storage::assert_shared_settings(
  String[1] $shared_class,
  Hash[String[1], Any] $settings,
  String[1] $profile,
) >> Boolean {
  $differing = $settings.keys.filter |String $name| {
    sha1(to_json([getvar("${shared_class}::${name}")])) != sha1(to_json([$settings[$name]]))
  }
  unless $differing.empty {
    fail("${profile}: ${differing.sort.join(', ')} differ from the value another profile of this node gave ${shared_class}; every profile of a node must be given the same")
  }
  true
}
