using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Thalian.ServiceDefaults.Auth;
using Thalian.Testing;

namespace Thalian.Gateway.Tests;

/// <summary>
/// A stand-in for the four services on a real local port, protected by the same AddGatewayTrust() the services use.
/// It echoes what it verified (tenant, role, subject) and what headers reached it; its integration lists are tagged
/// with the verified tenant, so isolation is visible in the data.
/// </summary>
public sealed class FakeDownstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeDownstream(WebApplication app) => this.app = app;

    public Uri Address => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<FakeDownstream> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration[GatewayTokens.PublicKeysFileKey] = TestTokenKeys.PublicKeysPath;
        builder.AddGatewayTrust();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/v1/integrations/aws", (HttpContext c) => Integrations(c, "aws"));
        app.MapGet("/api/v1/integrations/idp", (HttpContext c) => Integrations(c, "okta"));
        app.Map("/{**path}", async (HttpContext c, CancellationToken cancellation) => Results.Json(new Echo(
            c.User.TenantId(), c.User.FindFirst(GatewayTokens.RoleClaim)?.Value, c.User.Actor(), c.Request.Method, c.Request.Path,
            c.Request.Headers.Authorization.Count, c.Request.Headers.ContainsKey("X-Api-Key"),
            c.Request.Headers["X-Correlation-Id"].ToString(), await new StreamReader(c.Request.Body).ReadToEndAsync(cancellation), c.User.IsSandbox())));
        await app.StartAsync();
        return new FakeDownstream(app);
    }

    private static IResult Integrations(HttpContext context, string type) => Results.Json(new[]
    {
        new { id = $"{type}-of-{context.User.TenantId()}", type, displayName = $"{type} of {context.User.TenantId()}", status = "healthy" },
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record Echo(
    string Tenant, string? Role, string Subject, string Method, string Path,
    int AuthorizationHeaders, bool ApiKeyHeaderPresent, string CorrelationId, string Body, bool Sandbox)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<Echo> ReadAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<Echo>(await response.Content.ReadAsStringAsync(), Web)!;
}
