// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {ComputeRouter} from "../../src/ComputeRouter.sol";
import {ProviderRegistry} from "../../src/ProviderRegistry.sol";
import {TeamRegistry} from "../../src/TeamRegistry.sol";
import {MockToken} from "../../src/mocks/MockToken.sol";
import {MockUSDC} from "../../src/mocks/MockUSDC.sol";
import {Job} from "../../src/types/Job.sol";
import {Listing} from "../../src/types/Listing.sol";

/// @notice Shared deployment and helpers: every test starts from this wired-up system.
abstract contract Base is Test {
    MockUSDC internal usdc;
    MockToken internal akt;
    ProviderRegistry internal registry;
    TeamRegistry internal teams;
    ComputeRouter internal router;

    address internal admin = makeAddr("admin");
    address internal arbiter = makeAddr("arbiter");
    address internal pauser = makeAddr("pauser");
    address internal provider = makeAddr("provider");
    address internal payout = makeAddr("payout");
    address internal client = makeAddr("client");
    address internal stranger = makeAddr("stranger");
    uint256 internal routerKey;
    address internal routerSigner;

    /// @dev 2 USDC per GPU-hour.
    uint96 internal constant PRICE = 2e6;
    bytes32 internal constant SALT = keccak256("salt");
    uint168 internal constant ALWAYS = type(uint168).max >> 0;

    uint32 internal fixedListing;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        (routerSigner, routerKey) = makeAddrAndKey("routerKey");
        usdc = new MockUSDC();
        akt = new MockToken("Mock Akash Token", "AKT");
        registry = new ProviderRegistry(admin, usdc);
        teams = new TeamRegistry();
        router = new ComputeRouter(admin, registry, teams);
        vm.startPrank(admin);
        registry.setRouter(address(router));
        registry.setTokenAllowed(address(akt), true);
        router.grantRole(router.ROUTER_KEY_ROLE(), routerSigner);
        router.grantRole(router.ARBITER_ROLE(), arbiter);
        router.grantRole(router.PAUSER_ROLE(), pauser);
        vm.stopPrank();

        vm.prank(provider);
        registry.registerProvider(payout, "ipfs://provider");
        fixedListing = _addListing(provider, Listing.PricingModel.Fixed, address(usdc), PRICE, 0, 8);

        _fund(client, 1_000_000e6);
        // Warm balances so gas figures show steady state, not first-ever zero-to-nonzero writes.
        deal(address(usdc), address(router), 1);
        deal(address(usdc), payout, 1);
    }

    // Listings

    function _params(Listing.PricingModel model, address token, uint96 price, uint16 slopeBps, uint16 gpus)
        internal
        pure
        returns (Listing.Params memory)
    {
        return Listing.Params({
            gpuModel: bytes16("h100-sxm"),
            gpuCount: gpus,
            vramGb: 80,
            region: bytes2("DE"),
            availabilityMask: ALWAYS,
            pricingModel: model,
            token: token,
            price: price,
            slopeBps: slopeBps
        });
    }

    function _addListing(
        address who,
        Listing.PricingModel model,
        address token,
        uint96 price,
        uint16 slopeBps,
        uint16 gpus
    ) internal returns (uint32 id) {
        vm.prank(who);
        id = registry.addListing(_params(model, token, price, slopeBps, gpus));
    }

    // Money

    function _fund(address who, uint256 amount) internal {
        deal(address(usdc), who, amount);
        vm.prank(who);
        usdc.approve(address(router), type(uint256).max);
    }

    // Attestations

    function _terms(bytes32 root, uint32 listingId, uint16 gpus, uint24 hoursBooked)
        internal
        view
        returns (Job.Terms memory)
    {
        return Job.Terms({
            root: root,
            logLength: 4096,
            listingId: listingId,
            gpus: gpus,
            hoursBooked: hoursBooked,
            maxUnitPrice: type(uint96).max,
            client: bytes20(client),
            tracked: true,
            team: 0,
            expiry: uint64(block.timestamp + 10 minutes)
        });
    }

    function _untrackedTerms(bytes32 root, uint32 listingId, uint16 gpus, uint24 hoursBooked)
        internal
        view
        returns (Job.Terms memory t)
    {
        t = _terms(root, listingId, gpus, hoursBooked);
        t.tracked = false;
        t.client = router.clientCommitment(client, SALT);
    }

    function _sign(Job.Terms memory t) internal view returns (bytes memory) {
        return _signWith(routerKey, router.attestationDigest(t));
    }

    function _signExternal(Job.ExternalTerms memory t) internal view returns (bytes memory) {
        return _signWith(routerKey, router.externalAttestationDigest(t));
    }

    function _signWith(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    // Jobs

    function _createJob(bytes32 root, uint16 gpus, uint24 hoursBooked) internal returns (bytes32) {
        Job.Terms memory t = _terms(root, fixedListing, gpus, hoursBooked);
        bytes memory sig = _sign(t);
        vm.prank(client);
        return router.createJob(t, sig);
    }

    function _createUntrackedJob(bytes32 root, uint16 gpus, uint24 hoursBooked) internal returns (bytes32) {
        Job.Terms memory t = _untrackedTerms(root, fixedListing, gpus, hoursBooked);
        bytes memory sig = _sign(t);
        vm.prank(client);
        return router.createJob(t, sig);
    }

    function _start(bytes32 jobId) internal {
        vm.prank(provider);
        router.start(jobId);
    }

    function _complete(bytes32 jobId, uint24 hoursUsed) internal {
        vm.prank(provider);
        router.complete(jobId, hoursUsed);
    }

    function _status(bytes32 jobId) internal view returns (Job.Status) {
        return router.getJob(jobId).status;
    }
}
