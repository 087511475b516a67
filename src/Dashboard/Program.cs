using Hotswap.Dashboard;
using Hotswap.Dashboard.Auth;
using Hotswap.ServiceDefaults;

if (args is ["hash-password", var password])
{
    Console.WriteLine(OperatorPasswords.Hash(password));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboard();
var app = builder.Build();
app.MapDashboard();
app.Run();
