package sshconf

import "strings"

// openSSHKeywords are the keywords OpenSSH 9.x's ssh accepts (ssh_config(5),
// plus the aliases and retired keywords it still recognises and ignores).
// A keyword outside this set and outside IgnoreUnknown makes ssh refuse the
// whole configuration, so Resolve refuses it too. The last line holds
// keywords of newer OpenSSH releases and of Apple's build (UseKeychain):
// accepted so that ssh-mosh does not refuse a file the user's own ssh reads.
var openSSHKeywords = wordSet(`
host match addkeystoagent addressfamily batchmode bindaddress bindinterface
canonicaldomains canonicalizefallbacklocal canonicalizehostname
canonicalizemaxdots canonicalizepermittedcnames casignaturealgorithms
certificatefile checkhostip ciphers clearallforwardings compression
connectionattempts connecttimeout controlmaster controlpath controlpersist
dynamicforward enableescapecommandline enablesshkeysign escapechar
exitonforwardfailure fingerprinthash forkafterauthentication forwardagent
forwardx11 forwardx11timeout forwardx11trusted gatewayports
globalknownhostsfile gssapiauthentication gssapiclientidentity
gssapidelegatecredentials gssapikeyexchange gssapirenewalforcesrekey
gssapiserveridentity gssapitrustdns gssapikexalgorithms hashknownhosts
hostbasedacceptedalgorithms hostbasedauthentication hostkeyalgorithms
hostkeyalias hostname identitiesonly identityagent identityfile
ignoreunknown include ipqos kbdinteractiveauthentication
kbdinteractivedevices kexalgorithms knownhostscommand localcommand
localforward loglevel logverbose macs nohostauthenticationforlocalhost
numberofpasswordprompts passwordauthentication permitlocalcommand
permitremoteopen pkcs11provider port preferredauthentications proxycommand
proxyjump proxyusefdpass pubkeyacceptedalgorithms pubkeyauthentication
rekeylimit remotecommand remoteforward requesttty requiredrsasize
revokedhostkeys securitykeyprovider sendenv serveralivecountmax
serveraliveinterval sessiontype setenv stdinnull streamlocalbindmask
streamlocalbindunlink stricthostkeychecking syslogfacility tcpkeepalive
tunnel tunneldevice updatehostkeys user userknownhostsfile verifyhostkeydns
visualhostkey xauthlocation
pubkeyacceptedkeytypes hostbasedkeytypes challengeresponseauthentication
skeyauthentication tisauthentication dsaauthentication keepalive
gssapiclientidentity smartcarddevice useprivilegedport
rsaauthentication rhostsrsaauthentication rhostsauthentication
fallbacktorsh usersh useroaming cipher protocol compressionlevel
globalknownhostsfile2 userknownhostsfile2 afstokenpassing
kerberosauthentication kerberostgtpassing identityfile2 useblacklistedkeys
channeltimeout obscurekeystroketiming tag usekeychain
`)

// moshKeywords are ssh-mosh's own keywords, in the canonical spelling that
// `ssh-mosh setup` lists in IgnoreUnknown.
var moshKeywords = []string{"Mosh", "MoshServer", "MoshPorts", "MoshPredict", "MoshPredictOverwrite", "MoshRemoteIP"}

// isMoshKeyword reports whether the lower-case keyword is one of ours.
func isMoshKeyword(keyword string) bool {
	for _, k := range moshKeywords {
		if strings.ToLower(k) == keyword {
			return true
		}
	}
	return false
}

// IgnoreUnknownLine is the line that makes plain ssh accept a file with
// ssh-mosh's keywords; it must come before their first use.
var IgnoreUnknownLine = "IgnoreUnknown " + strings.Join(moshKeywords, ",")

// wordSet builds a set from blank-separated words.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// IgnoresMosh reports whether an IgnoreUnknown pattern list covers every
// ssh-mosh keyword.
func IgnoresMosh(list string) bool {
	for _, k := range moshKeywords {
		if matchPatternList(strings.ToLower(k), list, true) != 1 {
			return false
		}
	}
	return true
}
