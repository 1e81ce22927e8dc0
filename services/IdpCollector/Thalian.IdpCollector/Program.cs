using Thalian.IdpCollector;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpCollector.ReadingDirectories;
using Thalian.IdpCollector.Syncing;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;
using Thalian.ServiceDefaults.Outbox;
using Thalian.ServiceDefaults.Secrets;
using Thalian.ServiceDefaults.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddThalianMarten("idp_collector", opts => opts.Schema.For<IdpConnection>()).AddOutbox(builder.Configuration);
builder.AddSecretProtection("thalian-idp-collector", "idp_collector");
builder.AddThalianMessaging("idp-collector", bus => bus.AddConsumer<SyncIdpConnectionConsumer>());
builder.Services.Configure<IdpOptions>(builder.Configuration.GetSection("Thalian:Idp"));
builder.Services.AddSingleton<VendorHttp>();
builder.Services.AddSingleton<DirectoryClientFactory>();
builder.Services.AddSingleton<ConnectionSecretsCodec>();
builder.Services.AddSingleton<CredentialCheck>();
builder.Services.AddScoped<SyncRunner>();
builder.Services.AddSingleton(new TenantRun(SyncRunner.SlotKind));
builder.Services.AddHostedService<SyncScheduler>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapConnecting();
app.MapManaging();
app.Run();

public partial class Program;
