package bootstrap

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ssh-mosh/internal/sshdtest"
	"ssh-mosh/internal/testenv"
)

// TestCertificates logs in with a user certificate (id-cert.pub beside the
// key, not in authorized_keys) to a host known only through
// @cert-authority, whose sshd presents a host certificate.
func TestCertificates(t *testing.T) {
	paths := testenv.Need(t, "sshd", "ssh-keygen")
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca")
	sshdtest.GenKey(t, ca, "ed25519", "")
	sign := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ssh-keygen", append([]string{"-q", "-s", ca}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen -s: %v\n%s", err, out)
		}
	}
	sshd := sshdtest.Start(t, paths[0], sshdtest.Options{Prepare: func(s *sshdtest.Server) []string {
		sign("-I", "host", "-h", "-n", "127.0.0.1", s.HostKeys[0]+".pub")
		return []string{"HostCertificate " + s.HostKeys[0] + "-cert.pub", "TrustedUserCAKeys " + ca + ".pub"}
	}})
	key := filepath.Join(dir, "id_ed25519")
	sshdtest.GenKey(t, key, "ed25519", "")
	r := &rig{sshd: sshd, dir: dir, key: key, knownHosts: filepath.Join(dir, "known_hosts")}
	caPub, err := os.ReadFile(ca + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, r.knownHosts, "@cert-authority "+r.hostPattern()+" "+string(caPub))
	cfg := r.config(t)

	_, err = dial(t, &Dialer{}, cfg)
	var hke *HostKeyError
	if err == nil || errors.As(err, &hke) {
		t.Fatalf("without a user certificate: err = %v, want an authentication failure", err)
	}
	u := cfg.User
	sign("-I", "user", "-n", u, key+".pub")
	if _, err := dial(t, &Dialer{}, cfg); err != nil {
		t.Fatalf("with %s: %v\n%s", key+"-cert.pub", err, sshd.Log())
	}
	if !strings.Contains(sshd.Log(), "Accepted publickey") || !strings.Contains(sshd.Log(), "CERT") {
		t.Errorf("sshd did not accept a certificate:\n%s", sshd.Log())
	}
}
