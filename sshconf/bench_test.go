package sshconf

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkResolve resolves a host against a 100-block config, the cost
// ssh-mosh pays once per start and per --should-mosh.
func BenchmarkResolve(b *testing.B) {
	var cfg strings.Builder
	cfg.WriteString("IgnoreUnknown Mosh*\n")
	for i := range 100 {
		cfg.WriteString("Host h" + itoa(i) + " *.d" + itoa(i) + ".example.com\n  HostName 10.0.0." + itoa(i%250) +
			"\n  User u" + itoa(i) + "\n  IdentityFile ~/.ssh/k%h\n  Mosh yes\n")
	}
	cfg.WriteString("Match host 10.0.0.* user u9*\n  ProxyJump gw\nHost *\n  ControlPath ~/.ssh/cm-%C\n  ServerAliveInterval 30\n")
	files := map[string]string{"/home/u/.ssh/config": cfg.String()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(memOptions("h99", files, nil)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseOracleCorpus parses every oracle config.
func BenchmarkParseOracleCorpus(b *testing.B) {
	var texts []string
	names, _ := os.ReadDir("testdata/oracle")
	for _, n := range names {
		if strings.HasSuffix(n.Name(), ".conf") {
			t, _ := os.ReadFile("testdata/oracle/" + n.Name())
			texts = append(texts, string(t))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Parse(strings.NewReader(t), "b") //nolint:errcheck // some are broken on purpose
		}
	}
}
