package setup

import (
	"strings"

	"ssh-mosh/sshconf"
)

// ignoreComment explains the line setup adds to ~/.ssh/config.
const ignoreComment = "# Added by ssh-mosh setup: lets plain ssh accept the Mosh* keywords."

// AddIgnoreUnknown returns an ssh_config text whose first IgnoreUnknown,
// before any Host, Match or Include, covers the ssh-mosh keywords, and a
// description of the change ("" when content already does). OpenSSH honours
// only the first IgnoreUnknown, so an existing one is extended rather than
// shadowed.
func AddIgnoreUnknown(content string) (string, string) {
	eol := "\n"
	if strings.Contains(content, "\r\n") {
		eol = "\r\n"
	}
	lines := strings.SplitAfter(content, "\n")
	for i, line := range lines {
		f, err := sshconf.Parse(strings.NewReader(line), "")
		if err != nil || len(f.Lines) == 0 {
			continue
		}
		l := f.Lines[0]
		switch l.Keyword {
		case "host", "match", "include":
			return insertTop(content, eol)
		case "ignoreunknown":
			if sshconf.IgnoresMosh(l.Args0()) {
				return content, ""
			}
			ending := line[len(strings.TrimRight(line, "\r\n")):]
			lines[i] = "IgnoreUnknown " + l.Args0() + "," + strings.Join(moshKeywords(), ",") + ending
			return strings.Join(lines, ""), "added the Mosh keywords to its IgnoreUnknown line"
		}
	}
	return insertTop(content, eol)
}

// insertTop puts the comment and the IgnoreUnknown line first.
func insertTop(content, eol string) (string, string) {
	head := ignoreComment + eol + sshconf.IgnoreUnknownLine + eol
	if content != "" {
		head += eol
	}
	return head + content, "added \"" + sshconf.IgnoreUnknownLine + "\" at the top"
}

// moshKeywords lists the keywords of sshconf.IgnoreUnknownLine.
func moshKeywords() []string {
	return strings.Split(strings.TrimPrefix(sshconf.IgnoreUnknownLine, "IgnoreUnknown "), ",")
}

// ReplaceBlock returns content with setup's marked block set to block:
// replaced where the markers are, appended otherwise.
func ReplaceBlock(content, block string) string {
	start := strings.Index(content, beginMark)
	if start >= 0 {
		if n := strings.Index(content[start:], endMark); n >= 0 {
			end := start + n + len(endMark)
			if end < len(content) && content[end] == '\n' {
				end++
			}
			return content[:start] + block + content[end:]
		}
	}
	if content != "" && !strings.HasSuffix(content, "\n") {
		content += "\n"
	}
	if content != "" {
		content += "\n"
	}
	return content + block
}
