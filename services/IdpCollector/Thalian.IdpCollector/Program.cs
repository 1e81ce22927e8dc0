using Thalian.IdpCollector;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpCollector.Realtime;
using Thalian.IdpCollector.Syncing;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;
using Thalian.ServiceDefaults.Secrets;
using Thalian.ServiceDefaults.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddThalianMarten("idp_collector", opts =>
{
    opts.Schema.For<IdpConnection>();
    opts.Schema.For<RealtimeSubscription>();
    opts.Schema.For<ReceivedHookEvent>().Index(e => e.ConnectionId);
    opts.Schema.For<ChangeFeedCursor>();
}).AddOutbox(builder.Configuration);
builder.AddSecretProtection("thalian-idp-collector", "idp_collector");
builder.AddThalianMessaging("idp-collector", bus =>
{
    bus.AddConsumer<SyncIdpConnectionConsumer>();
    bus.AddConsumer<RefreshAccountsConsumer>();
});
builder.Services.Configure<IdpOptions>(builder.Configuration.GetSection("Thalian:Idp"));
builder.Services.AddSingleton<VendorHttp>();
builder.Services.AddSingleton<DirectoryClientFactory>();
builder.Services.AddSingleton<ConnectionSecretsCodec>();
builder.Services.AddSingleton<CredentialCheck>();
builder.Services.AddSingleton<RealtimeDirectories>();
builder.Services.AddSingleton<RealtimeRemoval>();
builder.Services.AddScoped<SyncRunner>();
builder.Services.AddSingleton(new TenantRun(SyncRunner.SlotKind));
builder.Services.AddHostedService<SyncScheduler>();
builder.Services.AddHostedService<ChangeFeedPoller>();
builder.Services.AddHostedService<HookRenewer>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapConnecting();
app.MapManaging();
app.MapRealtime();
app.MapHooks();
app.Run();

public partial class Program;
