" Headless Vim + ALE probe: puts editors/vim (the configuration we ship) on
" 'runtimepath', opens PROBE_FILE, lets ALE start pgext-ls and prints ONE
" JSON object; vim_test.go judges it.
" Env: PGEXT_LS_VIM, LSP_CMD, PROBE_FILE, PROBE_TIMEOUT_MS, DIAG_MATCH, HOVER_POS, DEF_POS.
set nocompatible
packadd ale
let &runtimepath = $PGEXT_LS_VIM . ',' . &runtimepath
filetype plugin on
runtime plugin/pgext_ls.vim
let g:ale_linters_explicit = 1
let g:ale_linters = {'c': ['pgext_ls'], 'sql': ['pgext_ls'], 'pgext-control': ['pgext_ls']}
let g:ale_lint_on_enter = 1
let g:ale_lint_on_text_changed = 'never'
let g:ale_set_loclist = 0
let g:ale_set_quickfix = 0
let g:ale_echo_cursor = 0
let g:ale_virtualtext_cursor = 'disabled'
let g:ale_hover_cursor = 0
let g:pgext_ls_executable = split($LSP_CMD)[0]
let g:pgext_ls_command = $LSP_CMD
let g:pgext_ls_init_options = json_decode(empty($PGEXT_LS_INIT) ? '{}' : $PGEXT_LS_INIT)

let s:timeout = empty($PROBE_TIMEOUT_MS) ? 20000 : str2nr($PROBE_TIMEOUT_MS)
let s:out = {'vim': v:version}

function! s:Wait(cond) abort
  let l:waited = 0
  while !eval(a:cond) && l:waited < s:timeout
    sleep 20m
    let l:waited += 20
  endwhile
  return eval(a:cond)
endfunction

function! s:Pos(name) abort
  let l:p = split(empty(getenv(a:name)) ? '0:0' : getenv(a:name), ':')
  return {'line': str2nr(l:p[0]), 'character': str2nr(l:p[1])}
endfunction

function! s:Diags() abort
  return map(copy(ale#engine#GetLoclist(s:buf)),
  \   {_, d -> {'line': d.lnum - 1, 'col': d.col - 1, 'message': d.text, 'code': get(d, 'code', ''),
  \              'severity': get({'E': 'error', 'W': 'warning', 'I': 'info'}, d.type, d.type)}})
endfunction

function! s:Matched() abort
  return !empty(filter(s:Diags(), {_, d -> stridx(d.message, $DIAG_MATCH) >= 0 || stridx(d.code, $DIAG_MATCH) >= 0}))
endfunction

let s:resp = {}
function! s:Handler(key, msg) abort
  let s:resp[a:key] = has_key(a:msg, 'result') ? {'result': a:msg.result} : {'error': get(a:msg, 'error', v:null)}
endfunction

try
  execute 'edit ' . fnameescape($PROBE_FILE)
  let s:buf = bufnr('%')
  let s:out.filetype = &filetype
  let s:out.root = pgext_ls#ProjectRoot(s:buf)
  ALELint
  call s:Wait('s:Matched()')
  let s:out.initialized = v:true
  let s:out.diagnostics = s:Diags()
  let s:doc = {'uri': ale#path#ToFileURI(expand('%:p'))}
  for [s:key, s:method, s:posvar] in [['hover', 'textDocument/hover', 'HOVER_POS'],
  \                                  ['definition', 'textDocument/definition', 'DEF_POS']]
    call ale#lsp_linter#SendRequest(s:buf, 'pgext_ls',
    \   [0, s:method, {'textDocument': s:doc, 'position': s:Pos(s:posvar)}],
    \   function('s:Handler', [s:key]))
    call s:Wait('has_key(s:resp, "' . s:key . '")')
    let s:out[s:key] = get(s:resp, s:key, {'error': 'timeout'})
  endfor
  " :PgextLsIndex, as a user checks what was indexed
  let s:cbuf = bufnr('%')
  PgextLsIndex
  call s:Wait('bufexists("pgext-ls://index") && !empty(getbufline("pgext-ls://index", 1, "$")[0])')
  let s:out.index = bufexists('pgext-ls://index') ? join(getbufline('pgext-ls://index', 1, '$'), "\n") : ''
  execute 'buffer ' . s:cbuf
  " ALE sends no shutdown/exit: it stops the job (SIGTERM).
  call ale#lsp#StopAll()
catch
  let s:out.error = v:exception . ' @ ' . v:throwpoint
endtry
enew!
call setline(1, json_encode(s:out))
1print
qall!
