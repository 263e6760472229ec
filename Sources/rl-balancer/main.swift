import Balancer
print("rl-balancer")
