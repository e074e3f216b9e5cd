// Checks the plugin's schema the way `pulumi import` uses it, with Pulumi v3.274.1's own Go code: the schema binds
// (validated against the metaschema), the importer writes the PCL definition of an imported resource from its
// inputs (argv[2], JSON), and the Node.js program generator turns it into TypeScript (stdout). argv[1]: the schema.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/importer"
	pkgresource "github.com/pulumi/pulumi/pkg/v3/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

type loader struct{ pkg *schema.Package }

func (l loader) LoadPackage(string, *semver.Version) (*schema.Package, error) { return l.pkg, nil }
func (l loader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return l.pkg, nil
}
func (l loader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return l.pkg.Reference(), nil
}
func (l loader) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.pkg.Reference(), nil
}

func fail(what string, err error) { fmt.Fprintf(os.Stderr, "%s: %v\n", what, err); os.Exit(1) }

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("read schema", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		fail("parse schema", err)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		fail("bind schema", err)
	}
	if diags.HasErrors() {
		fail("bind schema", diags)
	}
	fmt.Fprintf(os.Stderr, "schema binds against the metaschema (%d diagnostics)\n", len(diags))

	rawInputs, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("read inputs", err)
	}
	var inputs map[string]interface{}
	if err := json.Unmarshal(rawInputs, &inputs); err != nil {
		fail("parse inputs", err)
	}
	const stack, project = "dev", "app"
	providerURN := resource.NewURN(stack, project, "", "pulumi:providers:genesys-oauth-guard", "default")
	providerState := &pkgresource.State{URN: providerURN, Type: "pulumi:providers:genesys-oauth-guard", ID: "provider-id", Custom: true, Inputs: resource.PropertyMap{}}
	typ := tokens.Type("genesys-oauth-guard:index:OAuthClient")
	state := &pkgresource.State{
		URN:      resource.NewURN(stack, project, "", typ, "app"),
		Type:     typ,
		ID:       "client-id",
		Custom:   true,
		Protect:  true,
		Provider: string(providerURN) + "::provider-id",
		Inputs:   resource.NewPropertyMapFromMap(inputs),
	}
	block, _, err := importer.GenerateHCL2Definition(loader{pkg}, state, importer.ImportState{Names: importer.NameTable{}, Snapshot: []*pkgresource.State{providerState}})
	if err != nil {
		fail("importer", err)
	}
	text := fmt.Sprintf("%v", block)
	fmt.Fprintf(os.Stderr, "--- PCL ---\n%s\n", text)
	parser := syntax.NewParser()
	if err := parser.ParseFile(bytes.NewReader([]byte(text)), "anonymous.pp"); err != nil {
		fail("parse PCL", err)
	}
	if parser.Diagnostics.HasErrors() {
		fail("parse PCL", parser.Diagnostics)
	}
	program, pdiags, err := pcl.BindProgram(parser.Files, loader{pkg}, pcl.AllowMissingVariables)
	if err != nil {
		fail("bind PCL", err)
	}
	if pdiags.HasErrors() {
		fail("bind PCL", pdiags)
	}
	files, gdiags, err := nodejs.GenerateProgram(program)
	if err != nil {
		fail("generate", err)
	}
	if gdiags.HasErrors() {
		fail("generate", gdiags)
	}
	os.Stdout.Write(files["index.ts"])
}
