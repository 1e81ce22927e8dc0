using Thalian.Gateway.Authenticating;
using Thalian.Gateway.Bootstrapping;
using Thalian.Gateway.Documenting;
using Thalian.Gateway.Forwarding;
using Thalian.Gateway.ListingIntegrations;
using Thalian.Gateway.ManagingKeys;
using Thalian.Gateway.Protecting;
using Thalian.Gateway.ServingConsole;
using Thalian.Gateway.Sessions;
using Thalian.Gateway.Tenancy;
using Thalian.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTenancy();
builder.AddGatewayAuthentication();
builder.AddForwarding();
builder.Services.AddPerKeyRateLimiting(builder.Configuration);
builder.Services.AddHttpClient("downstream");
var maxBodyBytes = builder.Configuration.GetValue("Thalian:Gateway:MaxRequestBodyBytes", 1L << 20);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBodyBytes);

if (CreateTenantCommand.IsRequested(args))
{
    CreateTenantCommand.SendLogsToStandardError(builder);
    return await CreateTenantCommand.RunAsync(builder.Build(), args);
}

// After the command line: creating a tenant needs no session key ring.
builder.AddConsoleSessions();
var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<CorrelationIdMiddleware>();
app.UseMiddleware<RequestSizeMiddleware>(maxBodyBytes);
var console = app.ConsoleFiles();
app.UseConsoleFiles(console);
app.UseAuthentication();
app.UseMiddleware<CsrfProtection>();
app.UseRateLimiter();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapPublicApiDocs(anonymous: app.Configuration.GetValue("Thalian:Gateway:PublicDocs", true));
app.MapKeyEndpoints();
app.MapIntegrationsList();
app.MapConsoleSessions(app.Configuration);
app.MapReverseProxy();
app.MapConsoleFallback(console);
await app.RunAsync();
return 0;

public partial class Program;
