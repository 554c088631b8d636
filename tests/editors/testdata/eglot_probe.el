;;; eglot_probe.el --- headless Emacs + Eglot probe for pgext-ls  -*- lexical-binding: t -*-
;; Loads editors/emacs/pgext-ls.el (the configuration we ship), visits
;; PROBE_FILE, starts Eglot the way M-x eglot does (eglot--guess-contact reads
;; eglot-server-programs) and prints ONE JSON object; emacs_test.go judges it.
;; Env: PGEXT_LS_LISP, LSP_CMD, PROBE_FILE, PROBE_TIMEOUT_MS, DIAG_MATCH, HOVER_POS, DEF_POS.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'json)
(add-to-list 'load-path (getenv "PGEXT_LS_LISP"))
(require 'pgext-ls)

(setq eglot-sync-connect t
      eglot-autoshutdown nil
      eglot-events-buffer-size 0
      pgext-ls-command (split-string (getenv "LSP_CMD"))
      pgext-ls-initialization-options
      (let ((json-object-type 'plist) (json-array-type 'vector))
        (json-read-from-string (or (getenv "PGEXT_LS_INIT") "{}"))))

(defvar probe-out nil)
(defun probe-put (k v) (setq probe-out (plist-put probe-out k v)))
(defun probe-wait (secs pred)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))
(defun probe-pos (env)
  (let ((p (split-string (or (getenv env) "0:0") ":")))
    (list :line (string-to-number (car p)) :character (string-to-number (cadr p)))))
(defun probe-diags ()
  (vconcat (mapcar (lambda (d)
                     (list :line (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                           :col (save-excursion (goto-char (flymake-diagnostic-beg d)) (current-column))
                           :message (flymake-diagnostic-text d)
                           :severity (pcase (flymake-diagnostic-type d)
                                       ('eglot-error "error") ('eglot-warning "warning")
                                       ('eglot-note "info") (_ (symbol-name (flymake-diagnostic-type d))))))
                   (flymake-diagnostics))))

(condition-case err
    (let* ((file (getenv "PROBE_FILE"))
           (timeout (/ (string-to-number (or (getenv "PROBE_TIMEOUT_MS") "20000")) 1000.0))
           (want (or (getenv "DIAG_MATCH") ""))
           server)
      (probe-put :emacs emacs-version)
      (find-file file)
      (probe-put :major_mode (symbol-name major-mode))
      (apply #'eglot (eglot--guess-contact))
      (setq server (eglot-current-server))
      (unless server (error "Eglot did not connect"))
      (probe-put :root (expand-file-name (project-root (eglot--project server))))
      (probe-put :initialized t)
      (probe-wait timeout
                  (lambda ()
                    (flymake-start)
                    (cl-some (lambda (d) (string-match-p (regexp-quote want) (flymake-diagnostic-text d)))
                             (flymake-diagnostics))))
      (probe-put :diagnostics (probe-diags))
      (let ((doc (list :uri (eglot--path-to-uri file))))
        (dolist (spec '((:hover :textDocument/hover "HOVER_POS")
                        (:definition :textDocument/definition "DEF_POS")))
          (probe-put (car spec)
                     (condition-case rerr
                         (list :result (or (jsonrpc-request server (nth 1 spec)
                                                            (list :textDocument doc :position (probe-pos (nth 2 spec)))
                                                            :timeout timeout)
                                           :null))
                       (error (list :error (format "%S" rerr)))))))
      ;; M-x pgext-ls-show-index, as a user checks what was indexed
      (probe-put :index (condition-case ierr
                            (progn (pgext-ls-show-index)
                                   (with-current-buffer "*pgext-ls index*" (buffer-string)))
                          (error (format "error: %S" ierr))))
      ;; What eglot-shutdown does, minus its jsonrpc-shutdown, which in
      ;; Emacs 28 deletes (SIGKILLs) the process at once: here the server
      ;; must exit by itself after shutdown + exit.
      (let ((proc (jsonrpc--process server)))
        (setf (eglot--shutdown-requested server) t)
        (jsonrpc-request server :shutdown nil :timeout timeout)
        (jsonrpc-notify server :exit nil)
        (probe-wait timeout (lambda () (not (process-live-p proc))))
        (probe-put :server_exit (list :code (process-exit-status proc)
                                      :signal (if (eq (process-status proc) 'signal) 1 0)))))
  (error (probe-put :error (format "%S" err))))
(princ (let ((json-null :null)) (json-encode probe-out)))
(terpri)
(kill-emacs 0)
