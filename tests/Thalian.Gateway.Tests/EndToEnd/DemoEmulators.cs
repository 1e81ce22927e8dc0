using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Thalian.Gateway.Tests.EndToEnd;

/// <summary>The AWS and IdP emulators as processes on free local ports, loaded with the demo scenarios (as scripts/demo.sh does).</summary>
public sealed class DemoEmulators : IAsyncDisposable
{
    private readonly List<Process> processes = [];

    public string Aws { get; private set; } = "";
    public string Idp { get; private set; } = "";
    public string IdpHttps { get; private set; } = "";
    public string IdpCertificate { get; } = Path.Combine(Path.GetTempPath(), $"thalian-idp-emulator-{Guid.NewGuid():N}.pem");

    public static async Task<DemoEmulators> StartAsync(string demoDir)
    {
        var emulators = new DemoEmulators();
        var (aws, idp, idpTls) = (FreePort(), FreePort(), FreePort());
        emulators.Aws = $"http://127.0.0.1:{aws}";
        emulators.Idp = $"http://127.0.0.1:{idp}";
        emulators.IdpHttps = $"https://127.0.0.1:{idpTls}";
        emulators.Start("Thalian.AwsEmulator.dll", "--scenario", Path.Combine(demoDir, "aws-scenario.json"), "--urls", emulators.Aws);
        emulators.Start("Thalian.IdpEmulator.dll", "--scenario", Path.Combine(demoDir, "idp-scenario.json"),
            "--urls", $"{emulators.Idp};{emulators.IdpHttps}", "--cert-out", emulators.IdpCertificate);
        using var http = new HttpClient();
        await Testing.Eventually.True(async () => await IsUpAsync(http, emulators.Aws) && await IsUpAsync(http, emulators.Idp)
            && File.Exists(emulators.IdpCertificate), TimeSpan.FromSeconds(60), "both emulators answering /health");
        return emulators;
    }

    private void Start(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
    }

    private static async Task<bool> IsUpAsync(HttpClient http, string baseUrl)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(baseUrl + "/health"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        File.Delete(IdpCertificate);
    }
}
