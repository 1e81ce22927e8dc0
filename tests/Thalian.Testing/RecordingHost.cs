using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Thalian.Testing;

/// <summary>
/// A real HTTP server on a free loopback port that answers every request with <paramref name="answer"/> and records
/// each request's path and headers: a stand-in for a hostile or misdirected endpoint.
/// </summary>
public sealed class RecordingHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private RecordingHost(WebApplication app) => this.app = app;

    public ConcurrentQueue<(string Path, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();

    public Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<RecordingHost> StartAsync(Func<HttpContext, IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new RecordingHost(app);
        app.Map("/{**path}", (HttpContext c) =>
        {
            host.Requests.Enqueue((c.Request.Path, c.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return answer(c);
        });
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
