using MassTransit;
using Thalian.ServiceDefaults;
using Thalian.ServiceDefaults.Auth;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayTrust();
builder.AddThalianMarten("idp_collector");
builder.AddThalianMessaging("idp-collector", bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
