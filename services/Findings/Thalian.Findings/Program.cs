using MassTransit;
using Thalian.Findings;
using Thalian.Findings.ListingRules;
using Thalian.Findings.ManagingSettings;
using Thalian.Findings.QueryingFindings;
using Thalian.Findings.Suppressing;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddFindings();
builder.AddThalianMessaging("findings", bus =>
{
    bus.AddConsumers(typeof(Program).Assembly);
    // An evaluation holds a database connection while it waits for its tenant's lock: all endpoints together stay well
    // below the pool, so a waiting whole-tenant re-evaluation always gets a connection (7 endpoints × 4).
    bus.AddConfigureEndpointsCallback((_, endpoint) => endpoint.ConcurrentMessageLimit = 4);
});

var app = builder.Build();
app.UseServiceDefaults();
app.MapFindingSummary();
app.MapFindingActivity();
app.MapFindings();
app.MapSuppression();
app.MapRules();
app.MapSettings();
app.Run();

public partial class Program;
