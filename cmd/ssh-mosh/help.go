package main

// usageLine is printed after a command-line error.
const usageLine = "usage: ssh-mosh [options] [user@]host [-- command]\n" +
	"       ssh-mosh --local [options] [-- command]\n" +
	"       ssh-mosh --connect IP PORT   (key in MOSH_KEY)\n" +
	"Run 'ssh-mosh --help' for every option.\n"

// helpText is the --help output.
const helpText = `ssh-mosh: a mobile shell that uses your SSH setup.

Usage:
  ssh-mosh [options] [user@]host [-- command...]
  ssh-mosh --local [options] [-- command...]
  ssh-mosh --connect IP PORT
  ssh-mosh config [ssh options] host
  ssh-mosh setup [--dry-run]

ssh-mosh logs in to host over SSH exactly as ssh would (same ~/.ssh/config,
keys, agent, known_hosts, ProxyJump and ProxyCommand), starts mosh-server
there, and then keeps the session alive over UDP: it survives roaming,
sleep and lossy networks, and echoes your typing at once.

SSH options (as in ssh(1)):
  -p PORT            port of the SSH server
  -l USER            user to log in as
  -i FILE            identity (private key) file; repeatable
  -J HOST[,HOST...]  jump hosts (ProxyJump)
  -F FILE            configuration file instead of ~/.ssh/config
  -o KEYWORD=VALUE   any ssh_config option, including the Mosh ones below
  -A / -a            enable / disable agent forwarding for the bootstrap
  -4 / -6            IPv4 / IPv6 only
  -v                 show each step (hop, authentication, server start)
  When ControlPath names a live ssh master (ControlMaster), the system ssh
  is used through it, as with --ssh=ssh: no new login.
  Other ssh flags are accepted and used where they apply.

Mosh options:
  --server=COMMAND       mosh-server command on the remote host
                         (default mosh-server; inserted verbatim)
  --ssh=COMMAND          use this ssh program instead of the built-in
                         client, e.g. --ssh="ssh -F ~/.ssh/other"
  --client=PATH          run this mosh client program (e.g. mosh-client)
                         instead of the built-in client
  --predict=MODE         local echo: adaptive (default), always, never,
                         experimental (or $MOSH_PREDICTION_DISPLAY)
  --predict-overwrite    predictions overwrite instead of inserting
  --no-init              do not switch the terminal to the alternate screen
  --mosh-port=N[:M]      server UDP port or range (default 60001:60999)
  --remote-ip=MODE       which address the client uses: proxy (default:
                         the address SSH reached), local (resolve the
                         host name here), remote (the server's own view);
                         also --experimental-remote-ip as in mosh
  --local                no SSH: run a server on this machine (127.0.0.1)
  --connect IP PORT      join a running server; key in $MOSH_KEY
  -h, --help             this text

Configuration keywords (in ~/.ssh/config; run 'ssh-mosh setup' so that
plain ssh ignores them):
  Mosh yes|no|auto           no: 'ssh-mosh host' runs plain ssh instead
  MoshServer COMMAND         like --server
  MoshPorts N[:M]            like --mosh-port
  MoshPredict MODE           like --predict
  MoshPredictOverwrite yes   like --predict-overwrite
  MoshRemoteIP MODE          like --remote-ip

Examples:
  ssh-mosh myserver
  ssh-mosh -J bastion alice@10.0.0.5 -- tmux attach
  ssh-mosh --mosh-port=60001:60010 -o MoshServer=/opt/mosh/bin/mosh-server host
  ssh-mosh --ssh="ssh -F ./test_config" testhost
  ssh-mosh --local -- htop

Exit status: the client's; 255 when SSH fails (connection, authentication,
host key) or the command line is wrong; 1 when mosh-server cannot start.
`
