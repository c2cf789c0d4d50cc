// The doclint extension: starts `doclint lsp` (the language server that ships with doclint) for Markdown and
// plain-text documents. Everything else (diagnostics, quick fixes, fix-all on save, hover) comes from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function createClient(): LanguageClient {
  const config = vscode.workspace.getConfiguration("doclint");
  const serverOptions: ServerOptions = {
    command: config.get<string>("path", "doclint") || "doclint",
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: {
      debounce: config.get<number>("debounce", 250),
      ruleDocsUrl: config.get<string>("ruleDocsUrl", "") || undefined,
    },
  };
  return new LanguageClient("doclint", "doclint", serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createClient();
  context.subscriptions.push(
    vscode.commands.registerCommand("doclint.restart", async () => {
      await client?.stop();
      client = createClient();
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("doclint")) {
        await vscode.commands.executeCommand("doclint.restart");
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
