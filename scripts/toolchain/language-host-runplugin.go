// Backport of RunPlugin for the Node.js language host built by scripts/toolchain/ensure-pulumi.sh.
//
// Why this file exists: the Go module proxy reachable from our build machines refuses every version of
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 (403 "This module version is not
// available", also for the pseudo-versions Pulumi's own repositories use), so the newest Node.js language
// host we can build from Go modules is the one still shipped inside github.com/pulumi/pulumi/sdk/v3@v3.68.0.
// That host runs programs and dynamic providers with a current engine, but answers RunPlugin with
// "not supported", and engines >= 3.221 start Node.js policy packs through RunPlugin.
//
// This replaces that one method. It does what the official `pulumi-analyzer-policy` launcher always did:
// run `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine-address> .` in the policy pack's
// folder, and stream its stdout/stderr/exit code back to the engine. Everything else (engine, CLI, the rest
// of the language host, @pulumi/pulumi's policy runner) is Pulumi's own code, unmodified.
//
// The 3.68 protobuf types predate the RunPluginRequest fields `info` (5) and `kind` (6) that newer engines
// send, so they are decoded from the message's unknown fields.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/encoding/protowire"
)

type runPluginExtras struct {
	programDirectory string
	rootDirectory    string
	kind             string
}

// decodeRunPluginExtras reads fields 5 (info: ProgramInfo{root_directory=1, program_directory=2}) and
// 6 (kind) from the unknown fields of a RunPluginRequest.
func decodeRunPluginExtras(raw []byte) runPluginExtras {
	var out runPluginExtras
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return out
		}
		raw = raw[n:]
		if typ != protowire.BytesType {
			m := protowire.ConsumeFieldValue(num, typ, raw)
			if m < 0 {
				return out
			}
			raw = raw[m:]
			continue
		}
		value, m := protowire.ConsumeBytes(raw)
		if m < 0 {
			return out
		}
		raw = raw[m:]
		switch num {
		case 5:
			inner := value
			for len(inner) > 0 {
				inum, ityp, k := protowire.ConsumeTag(inner)
				if k < 0 {
					break
				}
				inner = inner[k:]
				if ityp != protowire.BytesType {
					l := protowire.ConsumeFieldValue(inum, ityp, inner)
					if l < 0 {
						break
					}
					inner = inner[l:]
					continue
				}
				v, l := protowire.ConsumeBytes(inner)
				if l < 0 {
					break
				}
				inner = inner[l:]
				switch inum {
				case 1:
					out.rootDirectory = string(v)
				case 2:
					out.programDirectory = string(v)
				}
			}
		case 6:
			out.kind = string(value)
		}
	}
	return out
}

// RunPlugin starts a Node.js policy pack (kind "analyzer") for the engine.
func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	extras := decodeRunPluginExtras(req.ProtoReflect().GetUnknown())
	if extras.kind != "" && extras.kind != "analyzer" {
		return fmt.Errorf("RunPlugin: plugin kind %q is not supported by this language host build "+
			"(only policy packs are; see scripts/toolchain/language-host-runplugin.go)", extras.kind)
	}
	dir := extras.programDirectory
	if dir == "" {
		dir = req.GetProgram()
	}
	if dir == "" {
		return fmt.Errorf("RunPlugin: the request names no policy pack directory")
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("RunPlugin: could not find node on the $PATH: %w", err)
	}
	resolve := exec.Command(nodeBin, "-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	resolve.Dir = dir
	var resolveErr bytes.Buffer
	resolve.Stderr = &resolveErr
	scriptOut, err := resolve.Output()
	if err != nil {
		return fmt.Errorf("RunPlugin: @pulumi/pulumi/cmd/run-policy-pack not found from %s "+
			"(run npm ci in the policy pack): %s", dir, strings.TrimSpace(resolveErr.String()))
	}
	script := strings.TrimSpace(string(scriptOut))

	args := append([]string{script}, req.GetArgs()...)
	args = append(args, ".")
	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("RunPlugin: could not start the policy pack: %w", err)
	}

	var sendMu sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) {
		sendMu.Lock()
		defer sendMu.Unlock()
		_ = server.Send(resp)
	}
	pump := func(r io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse, wg *sync.WaitGroup) {
		defer wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, readErr := r.Read(buf)
			if n > 0 {
				chunk := make([]byte, n)
				copy(chunk, buf[:n])
				send(wrap(chunk))
			}
			if readErr != nil {
				return
			}
		}
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	}, &wg)
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	}, &wg)

	// Stop the policy pack when the engine cancels the stream.
	done := make(chan struct{})
	go func() {
		select {
		case <-server.Context().Done():
			_ = cmd.Process.Kill()
		case <-done:
		}
	}()

	wg.Wait()
	waitErr := cmd.Wait()
	close(done)
	code := int32(0)
	if waitErr != nil {
		if exitErr, ok := waitErr.(*exec.ExitError); ok {
			code = int32(exitErr.ExitCode())
		} else {
			return waitErr
		}
	}
	send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
	return nil
}
