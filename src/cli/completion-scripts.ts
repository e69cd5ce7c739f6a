// The scripts `podlife completion bash|zsh|fish` prints. Each asks the program itself for
// candidates (`podlife __complete WORD… CURRENT`, one per line; a line ":files" asks for
// file names), the way kubectl's scripts call `kubectl __complete`, so the scripts stay
// small and the flags, commands and cluster names come from one place. The program is
// run as the user typed it (the line's first word), so ./podlife and kubectl-podlife work.
import type { SHELLS } from './complete.js';

export type Shell = (typeof SHELLS)[number];

const BASH = `# podlife completion for bash. Load it in this shell:  source <(podlife completion bash)
# or for every shell:  podlife completion bash > ~/.local/share/bash-completion/completions/podlife
_podlife_completion() {
  local line="\${COMP_LINE:0:COMP_POINT}" cur prefix="" breaks="" out candidate
  local -a words
  read -r -a words <<< "$line"
  [[ $line == *[[:space:]] ]] && words+=("")
  cur="\${words[\${#words[@]}-1]}"
  out="$("\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null)" || return 0
  # bash replaces only the part of the word after its last '=' or ':' (COMP_WORDBREAKS).
  [[ $COMP_WORDBREAKS == *=* ]] && breaks+="="
  [[ $COMP_WORDBREAKS == *:* ]] && breaks+=":"
  if [[ -n $breaks && $cur == *[$breaks]* ]]; then prefix="\${cur%"\${cur##*[$breaks]}"}"; fi
  COMPREPLY=()
  while IFS= read -r candidate; do
    if [[ $candidate == :files ]]; then
      compopt -o filenames 2>/dev/null
      local file
      while IFS= read -r file; do COMPREPLY+=("$file"); done < <(compgen -f -- "\${cur#"$prefix"}")
    elif [[ -n $candidate && $candidate == "$cur"* ]]; then
      COMPREPLY+=("\${candidate#"$prefix"}")
    fi
  done <<< "$out"
}
complete -F _podlife_completion podlife kubectl-podlife
`;

const ZSH = `#compdef podlife kubectl-podlife
# podlife completion for zsh. Load it (after compinit) with:  source <(podlife completion zsh)
# or put it on $fpath as _podlife.
_podlife() {
  local out line flag
  local -a candidates
  out="$("\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)" || return 1
  for line in "\${(@f)out}"; do
    if [[ $line == :files ]]; then
      _files
      return
    fi
    [[ -n $line ]] && candidates+=("$line")
  done
  # --flag=value: zsh completes the value after the '='.
  if [[ $PREFIX == --*=* ]]; then
    flag="\${PREFIX%%=*}="
    compset -P '*='
    candidates=("\${(@)candidates#$flag}")
  fi
  compadd -- "\${candidates[@]}"
}
compdef _podlife podlife kubectl-podlife
`;

const FISH = `# podlife completion for fish. Load it with:  podlife completion fish | source
# or for every shell:  podlife completion fish > ~/.config/fish/completions/podlife.fish
function __podlife_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    for line in ($tokens[1] __complete $tokens[2..-1] "$current" 2>/dev/null)
        if test "$line" = ":files"
            __fish_complete_path "$current"
        else if test -n "$line"
            echo $line
        end
    end
end
complete -c podlife -f -a '(__podlife_complete)'
complete -c kubectl-podlife -f -a '(__podlife_complete)'
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
