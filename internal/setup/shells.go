package setup

// The shell functions setup installs. Each runs ssh-mosh only when stdin
// and stdout are terminals and `ssh-mosh --should-mosh` agrees; in every
// other case (including a missing or failing ssh-mosh) it runs the real
// ssh with the very same arguments.

// beginMark and endMark delimit the block setup owns in a shell rc file.
const (
	beginMark = "# >>> ssh-mosh >>>"
	endMark   = "# <<< ssh-mosh <<<"
)

// posixFunction is the block for ~/.bashrc and ~/.zshrc.
const posixFunction = beginMark + `
# Installed by "ssh-mosh setup": ssh uses ssh-mosh for hosts marked
# "Mosh yes" in ~/.ssh/config, and the real ssh for everything else.
ssh() {
	if [ -t 0 ] && [ -t 1 ] && command ssh-mosh --should-mosh "$@" 2>/dev/null; then
		command ssh-mosh "$@"
	else
		command ssh "$@"
	fi
}
` + endMark + "\n"

// fishFunction is ~/.config/fish/functions/ssh.fish.
const fishFunction = beginMark + `
# Installed by "ssh-mosh setup": ssh uses ssh-mosh for hosts marked
# "Mosh yes" in ~/.ssh/config, and the real ssh for everything else.
function ssh --wraps ssh --description 'ssh, or ssh-mosh for hosts with Mosh yes'
    if isatty stdin; and isatty stdout; and command ssh-mosh --should-mosh $argv 2>/dev/null
        command ssh-mosh $argv
    else
        command ssh $argv
    end
end
` + endMark + "\n"
