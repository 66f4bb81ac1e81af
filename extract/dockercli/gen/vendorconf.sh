#!/usr/bin/env bash
# vendorconf.sh SRC writes SRC/go.mod for a docker/cli release that predates
# vendor.mod (20.10.x), from its vndr SRC/vendor.conf, whose lines read
# "import/path <commit> [repo-url] [# vX.Y.Z comment]". Each becomes a require
# at a version the Go module proxy serves for that commit:
#  1. the tag named in the comment, when the proxy has it (go adds
#     +incompatible itself; "sub/vX.Y.Z" is the tag of module path/sub);
#  2. else a pseudo-version ending in the commit's 12-digit prefix found in
#     the go.mod of a module resolved in step 1 (buildkit's, say), as the
#     proxy reachable here refuses queries by bare commit hash;
#  3. else the pseudo-version in the table below, for the same reason.
# Each also gets a replace to that version (to the fork, for a repo-url), so
# that minimal version selection cannot raise it to what some other module's
# go.mod asks for: the build uses what the release vendored. What none of
# these resolves is left out, with a warning, for the go command to choose.
set -euo pipefail
src=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" # go list -m path@version works outside any module

# pseudo COMMIT: the pseudo-version of a commit that steps 1 and 2 miss, as
# the proxy's version lists, other modules' go.mod files or (swarmkit) the
# upstream commit date spell it; the proxy serves each but swarmkit's (below).
pseudo() {
	case ${1:0:12} in
	d185dfc1b5a1) echo v0.0.0-20210617225240-d185dfc1b5a1 ;;     # Azure/go-ansiterm
	0b889c03f102) echo v0.0.0-20200824123100-0b889c03f102 ;;     # containerd/cgroups
	d30aec9fd63c) echo v1.5.1-1.0.20160303222718-d30aec9fd63c ;; # docker/go
	e31b211e4f1c) echo v0.0.0-20190806004212-e31b211e4f1c ;;     # docker/go-events
	17d8d4e4d8bd) echo v1.12.1-0.20210211175721-17d8d4e4d8bd ;;  # docker/swarmkit
	1a03ca3bad1e) echo v0.0.0-20170714172803-1a03ca3bad1e ;;     # grpc-gateway
	3f7ff695adc6) echo v0.0.0-20210619224110-3f7ff695adc6 ;;     # moby/term
	bacd9c7ef1dd) echo v0.0.0-20180306012644-bacd9c7ef1dd ;;     # modern-go/concurrent
	bf96a202a09a) echo v0.7.1-0.20210315103452-bf96a202a09a ;;   # notary
	f79598599c5d) echo v0.0.0-20200727161949-f79598599c5d ;;     # tonistiigi/go-rosetta
	02993c407bfb) echo v0.0.0-20190905194746-02993c407bfb ;;     # xeipuuv/gojsonpointer
	bf48bf16ab8d) echo v0.0.0-20200107190931-bf48bf16ab8d ;;     # x/oauth2
	33da011f77ad) echo v0.0.0-20220412211240-33da011f77ad ;;     # x/sys
	f5c789dd3221) echo v0.0.0-20201117132131-f5c789dd3221 ;;     # x/term
	555d28b269f0) echo v0.0.0-20191024005414-555d28b269f0 ;;     # x/time
	3f1135a288c9) echo v0.0.0-20200227132054-3f1135a288c9 ;;     # genproto
	4ad0115ba9e4) echo v1.0.1-0.20200310124935-4ad0115ba9e4 ;;   # k8s.io/klog
	0270cf2f1c1d) echo v0.0.0-20190918143330-0270cf2f1c1d ;;     # k8s.io/kube-openapi
	69764acb6e8e) echo v0.0.0-20190923111123-69764acb6e8e ;;     # k8s.io/utils
	*) return 1 ;;
	esac
}

# "module commit fork query" a dependency ("-" for none); module is path/sub
# for a "sub/vX.Y.Z" tag, whose query is then vX.Y.Z
deps=$(awk '/^[A-Za-z]/ {
	fork = "-"; mod = $1; q = "-"
	for (i = 3; i <= NF && $i != "#"; i++) fork = $i
	t = $(i + 1)
	if (t ~ /^v[0-9]/) q = t
	else if (t ~ /^[a-z]+\/v[0-9]/) { split(t, s, "/"); mod = mod "/" s[1]; q = s[2] }
	print mod, $2, fork, q }' "$src/vendor.conf")

declare -A ver gomod
while read -r path v mod; do
	ver[$path]=$v gomod[$path]=$mod
done < <(go list -m -e -f '{{if not .Error}}{{.Path}} {{.Version}} {{.GoMod}}{{end}}' \
	$(awk '$4 != "-" { print $1 "@" $4 }' <<<"$deps") 2>/dev/null)

{
	printf 'module github.com/docker/cli\n\ngo 1.16\n\n'
	while read -r path commit fork _; do
		target=$path
		[[ $fork != - ]] && target=$(sed -E 's#^https?://##; s#\.git$##' <<<"$fork")
		v=${ver[$path]:-$(cat /dev/null "${gomod[@]}" | grep -oE "$target[[:space:]]+v[^[:space:]]*-${commit:0:12}\b" |
			awk '{ print $2; exit }' || true)}
		[[ -z $v ]] && { v=$(pseudo "$commit") || { echo "vendorconf: no version for $path@$commit, left out" >&2; continue; }; }
		printf 'require %s %s\nreplace %s => %s %s\n' "$path" "$v" "$path" "$target" "$v"
	done <<<"$deps"
} >"$src/go.mod"

# github.com/docker/swarmkit is not on the proxy at all (it moved to
# github.com/moby/swarmkit/v2 in 2022), so it becomes a local module made of
# moby/swarmkit/v2 v2.0.0 with its import paths put back to docker/swarmkit.
# Like the vendored commit it has no go.mod requires of its own, but for the
# etcd raft it moved to from coreos/etcd.
sk=$(go mod download -json github.com/moby/swarmkit/v2@v2.0.0 | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
cp -r "$sk" "$src/_swarmkit"
chmod -R u+w "$src/_swarmkit"
grep -rl --include='*.go' github.com/moby/swarmkit/v2 "$src/_swarmkit" |
	xargs sed -i 's#github.com/moby/swarmkit/v2#github.com/docker/swarmkit#g'
printf 'module github.com/docker/swarmkit\n\nrequire %s\n' "$(grep -o 'go.etcd.io/etcd/raft/v3 v[^ ]*' "$sk/go.mod")" >"$src/_swarmkit/go.mod"
rm -f "$src/_swarmkit/go.sum"
sed -i 's#^replace github.com/docker/swarmkit => .*#replace github.com/docker/swarmkit => ./_swarmkit#' "$src/go.mod"
